from flask_babel import lazy_gettext as _l

from deliberate.core.notify import Notification, mark_read, notify, unread_count
from deliberate.extensions import db


def test_notify_in_each_recipients_language(factory):
    zh = factory.user("member")
    en = factory.user("member", locale="en")
    notify([zh, en, zh], _l("Wrong username or password."), url="/inbox")
    db.session.commit()
    subjects = {n.user_id: n.subject for n in db.session.query(Notification)}
    assert subjects == {zh.id: "用户名或密码错误。", en.id: "Wrong username or password."}


def test_notify_params_and_inactive_recipients(factory):
    active = factory.user("member")
    gone = factory.user("member", is_active=False)
    notify([active, gone], _l("Welcome, %(name)s"), params={"name": "张三"})
    assert [n.subject for n in db.session.query(Notification)] == ["张三，您好"]


def test_unread_count_and_mark_read(factory):
    user = factory.user("member")
    notify(user, "一")
    notify(user, "二")
    assert unread_count(user) == 2
    first = db.session.query(Notification).first()
    assert mark_read(user, [first.id]) == 1
    assert unread_count(user) == 1
    mark_read(user)
    assert unread_count(user) == 0


def test_inbox_page_and_header_count(auth):
    client, user = auth.as_role("member")
    notify(user, "新的联名邀请", url="/inbox")
    db.session.commit()
    page = client.get("/inbox").get_data(as_text=True)
    assert "新的联名邀请" in page and 'data-testid="unread-count">1<' in page
    note = db.session.query(Notification).one()
    response = client.get(f"/inbox/{note.id}")
    assert response.status_code == 302
    assert unread_count(user) == 0


def test_inbox_never_shows_someone_elses_notification(auth, factory):
    client, _user = auth.as_role("member")
    other = factory.user("member")
    notify(other, "别人的消息")
    db.session.commit()
    assert "别人的消息" not in client.get("/inbox").get_data(as_text=True)
    note = db.session.query(Notification).one()
    assert client.get(f"/inbox/{note.id}").status_code == 404
    client.post("/inbox/read", data={"id": str(note.id)})
    assert unread_count(other) == 1


def test_mail_is_sent_only_after_commit(app, factory, monkeypatch):
    sent = []

    class FakeSMTP:
        def __init__(self, *a, **k):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *a):
            return False

        def send_message(self, msg):
            sent.append(msg["To"])

    monkeypatch.setattr("deliberate.core.notify.smtplib.SMTP", FakeSMTP)
    app.config["MAIL_SERVER"] = "127.0.0.1"
    user = factory.user("member", email="a@example.org")
    db.session.commit()
    notify(user, "回滚的消息")
    db.session.rollback()
    assert sent == []
    notify(user, "提交的消息")
    db.session.commit()
    assert sent == ["a@example.org"]
