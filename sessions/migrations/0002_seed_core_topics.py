"""SES-9: seed the BEIS core topics from the Playbook (admin-editable afterwards)."""

from django.db import migrations

BEIS_CORE_TOPICS = [
    "Finance",
    "HR",
    "Sales and Marketing",
    "Business Model Innovation",
    "Change Management",
    "Embedding formal management processes and systems",
    "Digital (technology adoption, cyber security)",
    "Use of data to drive value in the business",
    "Adjusting to social distancing",
    "Covid-19: organisational culture",
    "Covid-19: staff on and off furlough",
    "Covid-19: fear of a further lockdown",
    "Covid-19: redundancy",
    "Net zero",
    "Working with the EU: trade requirements and tariffs",
    "Working with the EU: changes in sources of funding",
    "Working with the EU: staff employment requirements",
]


def seed(apps, schema_editor):
    Topic = apps.get_model("programme_sessions", "Topic")
    for name in BEIS_CORE_TOPICS:
        Topic.objects.update_or_create(name=name, defaults={"is_core": True})


def unseed(apps, schema_editor):
    apps.get_model("programme_sessions", "Topic").objects.filter(name__in=BEIS_CORE_TOPICS).delete()


class Migration(migrations.Migration):
    dependencies = [("programme_sessions", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
