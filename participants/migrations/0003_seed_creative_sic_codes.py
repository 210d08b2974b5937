"""ELIG-11: seed the DCMS creative-industries SIC codes (admin-editable afterwards)."""

from django.db import migrations

DCMS_CREATIVE_INDUSTRIES = [
    ("3212", "Manufacture of jewellery and related articles"),
    ("5811", "Book publishing"),
    ("5812", "Publishing of directories and mailing lists"),
    ("5813", "Publishing of newspapers"),
    ("5814", "Publishing of journals and periodicals"),
    ("5819", "Other publishing activities"),
    ("5821", "Publishing of computer games"),
    ("5829", "Other software publishing"),
    ("5911", "Motion picture, video and television programme production"),
    ("5912", "Motion picture, video and television programme post-production"),
    ("5913", "Motion picture, video and television programme distribution"),
    ("5914", "Motion picture projection"),
    ("5920", "Sound recording and music publishing"),
    ("6010", "Radio broadcasting"),
    ("6020", "Television programming and broadcasting"),
    ("6201", "Computer programming"),
    ("6202", "Computer consultancy"),
    ("7021", "Public relations and communication"),
    ("7111", "Architectural activities"),
    ("7311", "Advertising agencies"),
    ("7312", "Media representation"),
    ("7410", "Specialised design"),
    ("7420", "Photographic activities"),
    ("7430", "Translation and interpretation"),
    ("8552", "Cultural education"),
    ("9001", "Performing arts"),
    ("9002", "Support activities to performing arts"),
    ("9003", "Artistic creation"),
    ("9004", "Operation of arts facilities"),
    ("9101", "Library and archive activities"),
    ("9102", "Museum activities"),
]


def seed(apps, schema_editor):
    CreativeSicCode = apps.get_model("participants", "CreativeSicCode")
    for code4, description in DCMS_CREATIVE_INDUSTRIES:
        CreativeSicCode.objects.get_or_create(code4=code4, defaults={"description": description})


def unseed(apps, schema_editor):
    CreativeSicCode = apps.get_model("participants", "CreativeSicCode")
    CreativeSicCode.objects.filter(code4__in=[c for c, _ in DCMS_CREATIVE_INDUSTRIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("participants", "0002_initial")]
    operations = [migrations.RunPython(seed, unseed)]
