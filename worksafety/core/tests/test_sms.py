"""The SMS sender against a real HTTP endpoint on localhost: only the configured categories, only mobile
numbers, one POST per batch with the token, and a gateway that fails or is away never breaks the caller."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from worksafety.core.notifications import notify
from worksafety.core.sms import mobile_number

SMS = "worksafety.core.sms.SmsGatewaySender"


class Gateway(BaseHTTPRequestHandler):
    status = 200
    received: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        type(self).received.append((self.headers["Authorization"], json.loads(self.rfile.read(length))))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):  # keep the test output clean
        pass


@pytest.fixture
def gateway(settings):
    server = HTTPServer(("127.0.0.1", 0), Gateway)
    Gateway.received, Gateway.status = [], 200
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WORKSAFETY_NOTIFICATION_SENDERS = ["worksafety.core.notifications.InboxSender", SMS]
    settings.WORKSAFETY_SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.WORKSAFETY_SMS_GATEWAY_TOKEN = "secret-token"
    settings.WORKSAFETY_SMS_SIGNATURE = "【金普应急】"
    settings.WORKSAFETY_SMS_CATEGORIES = ["alarm"]
    settings.WORKSAFETY_BASE_URL = "https://aq.example.gov.cn"
    yield Gateway
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("phone, expected", [
    ("13800138000", "13800138000"), ("+86 138-0013-8000", "13800138000"), ("008613800138000", "13800138000"),
    ("0411-87654321", None), ("12800138000", None), ("1380013800", None), ("", None)])
def test_only_mainland_mobile_numbers_receive_sms(phone, expected):
    assert mobile_number(phone) == expected


def test_one_post_per_batch_with_the_token_for_recipients_with_a_mobile(world, gateway, django_capture_on_commit_callbacks):
    world.district_user.phone, world.enterprise_user.phone = "13800138000", "0411-87654321"
    world.district_user.save()
    world.enterprise_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.district_user, world.enterprise_user], title="GT-101 可燃气体二级报警", url="/monitoring/alarms/7/",
               category="alarm")
    assert gateway.received == [("Bearer secret-token", {"signature": "【金普应急】", "messages": [
        {"mobile": "13800138000", "content": "GT-101 可燃气体二级报警 https://aq.example.gov.cn/monitoring/alarms/7/"}]})]


def test_other_categories_stay_in_the_inbox(world, gateway, django_capture_on_commit_callbacks):
    world.district_user.phone = "13800138000"
    world.district_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.district_user], title="隐患即将到期", category="hazard_deadline")
    assert gateway.received == []
    assert world.district_user.notifications.count() == 1


@pytest.mark.parametrize("status", [500, 403])
def test_a_failing_gateway_is_logged_and_the_inbox_still_has_the_message(world, gateway, status, caplog,
                                                                         django_capture_on_commit_callbacks):
    gateway.status = status
    world.district_user.phone = "13800138000"
    world.district_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.district_user], title="报警", category="alarm")
    assert len(gateway.received) == 1
    assert "SMS gateway refused or unreachable; 1 SMS not sent" in caplog.text
    assert world.district_user.notifications.count() == 1


def test_an_unreachable_gateway_does_not_break_the_caller(world, settings, caplog, django_capture_on_commit_callbacks):
    settings.WORKSAFETY_NOTIFICATION_SENDERS = ["worksafety.core.notifications.InboxSender", SMS]
    settings.WORKSAFETY_SMS_GATEWAY_URL = "http://127.0.0.1:9/send"  # discard port: nothing listens
    settings.WORKSAFETY_SMS_CATEGORIES = ["alarm"]
    world.district_user.phone = "13800138000"
    world.district_user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify([world.district_user], title="报警", category="alarm")
    assert "1 SMS not sent" in caplog.text
