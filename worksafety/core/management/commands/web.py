from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve pages, the REST API and static files (ASGI under uvicorn)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")

    def handle(self, *args, host, port, workers, **options):
        import uvicorn

        uvicorn.run(
            "worksafety.asgi:application",
            host=host,
            port=port,
            workers=workers,
            log_level="info" if settings.DEBUG else "warning",
            # The client address is read by worksafety.core.http.client_address, from WORKSAFETY_CLIENT_IP_HEADER
            # only: uvicorn must not rewrite the peer from X-Forwarded-For on its own rule.
            proxy_headers=False,
        )
