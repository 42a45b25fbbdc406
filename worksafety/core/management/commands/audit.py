from django.core.management.base import BaseCommand, CommandError

from worksafety.core import audit


class Command(BaseCommand):
    help = "Audit log tools: `audit verify` checks the hash chain and reports the first broken link."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        checked, broken = audit.verify()
        if broken is not None:
            raise CommandError(f"审计日志校验失败：第 {broken.seq} 条，{broken.reason}（此前 {checked} 条完好）")
        from worksafety.core.models import AuditChainHead

        head = AuditChainHead.objects.filter(pk=1).first()
        last = head.last_hash if head else audit.GENESIS_HASH
        self.stdout.write(f"审计日志完整：共 {checked} 条，链尾哈希 {last}")
