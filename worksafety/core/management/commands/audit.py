from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from worksafety.core import audit


class Command(BaseCommand):
    help = ("Audit log tools: `audit verify` checks the HMAC chain and the checkpoints and reports the first "
            "broken link; `audit checkpoint` appends the chain's head to WORKSAFETY_AUDIT_CHECKPOINT_FILE.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "checkpoint"])

    def handle(self, *args, action, **options):
        if action == "checkpoint":
            point = audit.checkpoint()
            self.stdout.write(gettext("已记录检查点：第 %(seq)s 条，哈希 %(hash)s，写入 %(file)s")
                              % {**point, "file": audit.checkpoint_file()})
            return
        checked, broken, notes = audit.verify()
        for note in notes:
            self.stderr.write(note)
        if broken is not None:
            raise CommandError(
                gettext("审计日志校验失败：第 %(seq)s 条，%(reason)s（此前 %(checked)s 条完好）")
                % {"seq": broken.seq, "reason": broken.reason, "checked": checked}
            )
        from worksafety.core.models import AuditChainHead

        head = AuditChainHead.objects.filter(pk=1).first()
        last = head.last_hash if head else audit.GENESIS_HASH
        self.stdout.write(gettext("审计日志完整：共 %(checked)s 条，链尾哈希 %(hash)s") % {"checked": checked, "hash": last})
