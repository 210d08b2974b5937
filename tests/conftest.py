import re
import time
from contextlib import contextmanager
from functools import partial

import pytest
from django.db import connection as default_connection
from django.db import connections
from django.test.client import ClientMixin
from django.test.utils import CaptureQueriesContext

from tests.peernetworks.factories import (
    GrowthHubFactory,
    NationalCoordinatorFactory,
    ProgrammeYearFactory,
    UserFactory,
)


@pytest.fixture
def programme_year(db):
    return ProgrammeYearFactory()


@pytest.fixture
def hub(db):
    return GrowthHubFactory(slug="gm", name="Greater Manchester Growth Hub")


@pytest.fixture
def other_hub(db):
    return GrowthHubFactory(slug="lcr", name="Liverpool City Region Growth Hub")


@pytest.fixture
def hub_staff(hub):
    return UserFactory(username="gm-staff", hub=hub)


@pytest.fixture
def other_hub_staff(other_hub):
    return UserFactory(username="lcr-staff", hub=other_hub)


@pytest.fixture
def national_coordinator(db):
    return NationalCoordinatorFactory(username="national")


@pytest.fixture
def staff_client(client, hub_staff):
    client.force_login(hub_staff)
    return client


# Two-factor sign-in ---------------------------------------------------------
# The test settings keep it on. `client.force_login(staff)` signs a staff account in with a
# verified session, as if they had entered their authenticator code (the session holds the
# device exactly as django_otp.login leaves it); `@pytest.mark.mfa_unverified` makes force_login
# stop after the password, as a person who has not yet entered their code.

_force_login = ClientMixin.force_login
_verify_staff_logins = {"on": True}


def staff_totp_device(user):
    """The user's confirmed authenticator app, set up on first use."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    return device


def totp_code(device, at: float | None = None) -> str:
    """The code the person's authenticator app shows now (or at `at`)."""
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def _force_login_verified(self, user, backend=None):
    from django_otp import DEVICE_ID_SESSION_KEY

    from peernetworks.mfa import mfa_required_for

    _force_login(self, user, backend)
    if _verify_staff_logins["on"] and mfa_required_for(user):
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = staff_totp_device(user).persistent_id
        session.save()


@pytest.fixture(scope="session", autouse=True)
def _staff_logins_pass_two_factor():
    # Session-scoped, so module-scoped fixtures (tests/access's world) sign in verified too.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ClientMixin, "force_login", _force_login_verified)
        yield


@pytest.fixture(autouse=True)
def _mfa_unverified_marker(request):
    _verify_staff_logins["on"] = request.node.get_closest_marker("mfa_unverified") is None
    yield
    _verify_staff_logins["on"] = True


# The page query budgets (django_assert_num_queries, django_assert_max_num_queries) count what a
# page does, as before two-factor sign-in: django-otp's OTPMiddleware adds one primary-key lookup
# of the session's device to every verified staff request, the same on every page, so it is left
# out here (tests/peernetworks/test_mfa.py asserts it is exactly one query).
DEVICE_LOOKUP = re.compile(
    r'^SELECT .* FROM "otp_(totp_totp|static_static)device" '
    r'WHERE "otp_(totp_totp|static_static)device"\."id" = \S+ '
    r'ORDER BY "otp_(totp_totp|static_static)device"\."id" ASC LIMIT 1$'
)


class PageQueries(CaptureQueriesContext):
    @property
    def captured_queries(self):
        return [q for q in super().captured_queries if not DEVICE_LOOKUP.match(q["sql"])]


@contextmanager
def _page_queries(config, num, exact=True, connection=None, info=None, *, using=None):
    conn = connection or (connections[using] if using else default_connection)
    with PageQueries(conn) as context:
        yield context
    done = len(context)
    if (num != done) if exact else (done > num):
        sqls = "\n\n".join(q["sql"] for q in context.captured_queries)
        pytest.fail(
            f"Expected to perform {num} queries {'' if exact else 'or less '}but {done} "
            f"{'was' if done == 1 else 'were'} done"
            + (f"\n{info}" if info else "")
            + (f"\n\nQueries:\n========\n\n{sqls}" if config.getoption("verbose") > 0 else "")
        )


@pytest.fixture
def django_assert_num_queries(pytestconfig):
    return partial(_page_queries, pytestconfig)


@pytest.fixture
def django_assert_max_num_queries(pytestconfig):
    return partial(_page_queries, pytestconfig, exact=False)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (rate-limit counters live there)."""
    from django.core.cache import cache

    cache.clear()
    yield
