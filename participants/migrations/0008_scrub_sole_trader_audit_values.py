"""A sole trader's business is personal data: values the audit trail kept for one before it
stopped keeping them are removed (which fields changed, who and when stay)."""

from django.db import migrations


def scrub(apps, schema_editor):
    Business = apps.get_model("participants", "Business")
    AuditEvent = apps.get_model("peernetworks", "AuditEvent")
    sole = [
        str(pk)
        for pk in Business.objects.filter(legal_form="sole_trader").values_list("pk", flat=True)
    ]
    events = AuditEvent.objects.filter(model_label="participants.business").exclude(changes={})
    for start in range(0, len(sole), 1000):
        events.filter(object_id__in=sole[start : start + 1000]).update(changes={})
    # Bulk writes name many rows at once: none of them keeps values now.
    events.filter(object_id="").update(changes={})


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0007_discretion_decided_on"),
        ("peernetworks", "0006_programme_year_life_cycle"),
    ]

    operations = [migrations.RunPython(scrub, migrations.RunPython.noop)]
