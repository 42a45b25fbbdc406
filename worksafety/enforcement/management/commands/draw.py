from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from worksafety.enforcement.draws import services as draws
from worksafety.enforcement.draws.models import Draw


class Command(BaseCommand):
    help = ("双随机 draw tools: `draw verify <id>` recomputes a drawn draw from its published parameters and "
            "revealed nonce; exit 0 and 一致 when it matches the stored result, exit 1 and the differences if not.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("draw_id", type=int)

    def handle(self, *args, action, draw_id, **options):
        draw = Draw.objects.filter(pk=draw_id).first()
        if draw is None:
            raise CommandError(gettext("没有编号为 %(id)s 的抽查。") % {"id": draw_id})
        differences = draws.verify(draw)
        if differences:
            for difference in differences:
                self.stderr.write(difference)
            raise CommandError(gettext("不一致：%(title)s（编号 %(id)s）") % {"title": draw.title, "id": draw.pk})
        self.stdout.write(gettext("一致：%(title)s（编号 %(id)s），%(n)s 户抽取结果与重新计算相同。") % {
            "title": draw.title, "id": draw.pk, "n": draw.count})
