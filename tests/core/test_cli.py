from sqlalchemy import func, select

from deliberate.auth.models import ApiToken, User
from deliberate.directory.models import MemberProfile, PlenarySession, Unit
from deliberate.extensions import db


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_init_db_is_idempotent(runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "latest migration" in result.output


def test_seed_demo_twice_changes_nothing(runner):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "demo logins" in first.output and "hanbing" in first.output
    users, units = count(User), count(Unit)
    assert users >= 35 and units >= 10
    assert count(MemberProfile) >= 30
    assert db.session.scalar(select(func.count()).where(PlenarySession.is_current)) == 1
    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0 and "(0 records created)" in second.output
    assert (count(User), count(Unit)) == (users, units)


def test_seed_demo_refuses_real_data(runner, factory):
    factory.user("member", username="realperson")
    db.session.commit()
    refused = runner.invoke(args=["seed-demo"])
    assert refused.exit_code != 0 and "--force" in refused.output
    assert count(User) == 1
    forced = runner.invoke(args=["seed-demo", "--force"])
    assert forced.exit_code == 0
    assert count(User) > 1


def test_demo_logins_work(runner, client):
    runner.invoke(args=["seed-demo"])
    from deliberate.demo.content import DEMO_LOGINS
    from deliberate.demo.seed import DEMO_PASSWORD

    for username in DEMO_LOGINS.values():
        c = client.application.test_client()
        response = c.post("/login", data={"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username


def test_create_user_from_piped_password(runner):
    result = runner.invoke(args=["create-user", "wang", "--role", "secretariat"],
                           input="good-pass-1\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "wang"))
    assert user.role == "secretariat" and user.check_password("good-pass-1")


def test_create_unit_staff_by_unit_id_or_name(runner, factory):
    unit = factory.unit("区民政局")
    db.session.commit()
    by_name = runner.invoke(args=["create-user", "li", "--role", "unit_staff",
                                  "--unit", "区民政局"], input="good-pass-1\n")
    by_id = runner.invoke(args=["create-user", "zhao", "--role", "unit_staff",
                                "--unit", str(unit.id)], input="good-pass-1\n")
    assert by_name.exit_code == 0 and by_id.exit_code == 0
    assert {u.unit_id for u in db.session.scalars(select(User))} == {unit.id}


def test_create_user_bad_input_changes_nothing(runner, factory):
    factory.user("member", username="taken")
    db.session.commit()
    cases = [
        (["create-user", "taken", "--role", "member"], "good-pass-1\n", "已被使用"),
        (["create-user", "nounit", "--role", "unit_staff"], "good-pass-1\n", "承办单位"),
        (["create-user", "x1", "--role", "unit_staff", "--unit", "不存在的局"], "good-pass-1\n",
         "不存在的局"),
        (["create-user", "weak", "--role", "member"], "short\n", "8"),
        (["create-user", "bad name!", "--role", "member"], "good-pass-1\n", "用户名"),
        (["create-user", "x2", "--role", "king"], "good-pass-1\n", "king"),
    ]
    for args, stdin, expected in cases:
        result = runner.invoke(args=args, input=stdin)
        assert result.exit_code != 0, args
        assert expected in result.output, (args, result.output)
    assert count(User) == 1


def test_create_token_prints_token_last(runner, factory):
    user = factory.user("unit_staff")
    db.session.commit()
    result = runner.invoke(args=["create-token", user.username])
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("dlb_") and len(token) > 30
    stored = db.session.scalar(select(ApiToken))
    assert stored.token_hash == ApiToken.hash(token) and token not in stored.token_hash


def test_create_token_unknown_or_inactive_user(runner, factory):
    assert runner.invoke(args=["create-token", "nobody"]).exit_code != 0
    user = factory.user("member", is_active=False)
    db.session.commit()
    assert runner.invoke(args=["create-token", user.username]).exit_code != 0
    assert count(ApiToken) == 0
