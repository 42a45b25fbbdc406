"""The district gives logins to its own streets, departments, parks and enterprises, under the password policy."""

import pytest

from worksafety.core.models import AuditEntry, User

GOOD = "Anquan-Shengchan-2026"


def new_login(**fields):
    data = {"username": "new_street", "full_name": "新街道", "role": "street", "is_active": "on",
            "password1": GOOD, "password2": GOOD}
    return {**data, **fields}


def test_district_creates_a_street_login_that_can_sign_in(world, client_for, client):
    response = client_for(world.district_user).post("/users/add/", new_login(area=world.street_b.pk))
    assert response.status_code == 302
    user = User.objects.get(username="new_street")
    assert user.area == world.street_b and user.department is None and user.check_password(GOOD)
    entry = AuditEntry.objects.filter(object_type="core.user", object_id=str(user.pk)).get()
    assert "password" not in entry.after and entry.area_code == world.street_b.code
    client.logout()
    assert client.post("/login/", {"username": "new_street", "password": GOOD}).status_code == 302


def test_only_the_field_the_role_needs_is_kept(world, client_for):
    client_for(world.district_user).post("/users/add/", new_login(
        username="ent_login", role="enterprise", enterprise=world.ent_park.pk, area=world.street_b.pk))
    user = User.objects.get(username="ent_login")
    assert user.enterprise == world.ent_park and user.area is None


@pytest.mark.parametrize("password", ["short1A!", "alllowercaseletters", "Passw0rdPassw0rd"])
def test_weak_or_mismatched_passwords_are_refused(world, client_for, password):
    response = client_for(world.district_user).post("/users/add/", new_login(
        area=world.street_b.pk, password1=password, password2=password + ("" if len(password) < 12 else "x")))
    assert response.status_code == 200 and not User.objects.filter(username="new_street").exists()


def test_a_login_outside_the_district_or_without_its_scope_field_is_refused(world, client_for):
    response = client_for(world.district_user).post("/users/add/", new_login())  # a street login with no street
    assert response.status_code == 200 and not User.objects.filter(username="new_street").exists()


@pytest.mark.parametrize("attr", ["street_a_user", "department_user", "park_user", "enterprise_user", "expert_user"])
def test_other_roles_cannot_manage_logins(world, client_for, attr):
    client = client_for(getattr(world, attr))
    assert client.get("/users/").status_code == 404
    assert client.get("/users/add/").status_code == 404
    assert client.get(f"/users/{world.street_b_user.pk}/edit/").status_code == 404


def test_the_district_sees_its_logins_but_not_the_superuser(world, client_for):
    client = client_for(world.district_user)
    page = client.get("/users/").content.decode()
    assert "street_a" in page and "dept_transport" in page and "ent_park" in page
    assert client.get(f"/users/{world.admin.pk}/").status_code == 404
    assert client.get(f"/users/{world.admin.pk}/edit/").status_code == 404


def test_editing_without_a_password_keeps_the_old_one(world, client_for):
    from conftest import PASSWORD

    user = world.street_b_user
    response = client_for(world.district_user).post(f"/users/{user.pk}/edit/", {
        "username": user.username, "full_name": "改名", "role": "street", "area": world.street_b.pk,
        "is_active": "on", "password1": "", "password2": ""})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "改名" and user.check_password(PASSWORD)
