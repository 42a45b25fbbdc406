from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from worksafety.core import audit


class Command(BaseCommand):
    help = "Audit log tools: `audit verify` checks the hash chain and reports the first broken link."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        checked, broken = audit.verify()
        if broken is not None:
            raise CommandError(
                gettext("审计日志校验失败：第 %(seq)s 条，%(reason)s（此前 %(checked)s 条完好）")
                % {"seq": broken.seq, "reason": broken.reason, "checked": checked}
            )
        from worksafety.core.models import AuditChainHead

        head = AuditChainHead.objects.filter(pk=1).first()
        last = head.last_hash if head else audit.GENESIS_HASH
        self.stdout.write(gettext("审计日志完整：共 %(checked)s 条，链尾哈希 %(hash)s") % {"checked": checked, "hash": last})
