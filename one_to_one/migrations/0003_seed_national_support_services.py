"""The Playbook's national "Other Business Support" (OTO-8), as directory
entries the national coordinator then keeps current in the admin. The wording is the
Playbook's; it gives no telephone number for the Business Support Helpline, so none is set.
"""

from django.db import migrations

HELP_TO_GROW = "https://helptogrow.campaign.gov.uk/"

NATIONAL = [
    {
        "name": "Help to Grow: Management",
        "category": "help_to_grow_management",
        "description": (
            "A 12-week programme from leading business schools: a practical curriculum, 1:1 "
            "support from a business mentor, peer learning and an alumni network. 90% "
            "subsidised by government (participants pay £750). Its eligibility differs from "
            "Peer Networks'; participants may apply for both."
        ),
        "website": HELP_TO_GROW,
        "order": 10,
    },
    {
        "name": "Help to Grow: Digital",
        "category": "help_to_grow_digital",
        "description": (
            "Free impartial advice, on an online platform, on how technology can boost a "
            "business's performance. Eligible businesses can get a discount of up to 50% on "
            "the costs of approved software, worth up to £5,000."
        ),
        "website": HELP_TO_GROW,
        "order": 20,
    },
    {
        "name": "Business Support Helpline",
        "category": "business_support_helpline",
        "description": (
            "A free, virtual multi-channel advice and guidance service across England for all "
            "businesses, from those thinking about starting one to those already trading."
        ),
        "website": "https://www.gov.uk/business-support-helpline",
        "order": 30,
    },
]


def seed(apps, schema_editor):
    SupportService = apps.get_model("one_to_one", "SupportService")
    for entry in NATIONAL:
        SupportService.objects.get_or_create(
            hub=None, name=entry["name"], defaults={k: v for k, v in entry.items() if k != "name"}
        )


def unseed(apps, schema_editor):
    SupportService = apps.get_model("one_to_one", "SupportService")
    SupportService.objects.filter(
        hub=None, name__in=[entry["name"] for entry in NATIONAL], referrals__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("one_to_one", "0002_support_service_directory")]

    operations = [migrations.RunPython(seed, unseed)]
