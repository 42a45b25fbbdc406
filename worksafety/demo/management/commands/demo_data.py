"""`worksafety demo-data`: fill an empty database with labelled demo data and print the logins to try."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from worksafety.core.demo import is_demo
from worksafety.demo.builder import (
    DEFAULT_SEED,
    SIZES,
    DemoDataConflict,
    load_demo_data,
    report,
    report_existing_logins,
)
from worksafety.registry.models import Enterprise


class Command(BaseCommand):
    # argparse needs a plain str here (a lazy translation fails in its formatter), so the class-level help
    # is left as it is; the option help and the messages below are translated.
    help = "生成演示数据（区域、园区、部门、企业、许可证和各角色演示账号）。Load demo data into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=SIZES, default="full",
                            help=gettext("small：约 60 家企业（测试用）；full：约 600 家企业（默认）"))
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help=gettext("随机种子，相同种子生成相同数据（默认 %(seed)s）") % {"seed": DEFAULT_SEED})
        parser.add_argument("--if-empty", action="store_true",
                            help=gettext("已有企业数据时不做任何修改，正常退出（供 make demo 重复运行）"))

    def handle(self, *args, size, seed, if_empty, **options):
        if Enterprise.objects.exists():
            if if_empty:
                self.stdout.write(
                    gettext("数据库中已有企业数据，跳过演示数据生成。Demo data skipped: enterprises already exist.")
                )
                if is_demo():
                    self.stdout.write("\n".join(report_existing_logins(settings.WORKSAFETY_DEMO_PASSWORD)))
                return
            raise CommandError(gettext("数据库中已有企业数据，演示数据只能导入空数据库。"
                                       "Enterprises already exist; demo data is only loaded into an empty database."))
        try:
            plan = load_demo_data(size, seed)
        except DemoDataConflict as conflict:
            raise CommandError(
                gettext(
                    "演示数据与现有数据冲突，未做任何修改：%(conflict)s。"
                    "Demo data would clash with existing records; nothing was changed."
                ) % {"conflict": conflict}
            ) from conflict
        self.stdout.write("\n".join(report(plan, settings.WORKSAFETY_DEMO_PASSWORD)))
