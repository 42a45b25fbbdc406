from worksafety.core.models import AuditEntry

DEMO_ACTOR = "demo-data"


def is_demo() -> bool:
    """True when the database was filled by `worksafety demo-data`, so pages can label it 演示数据."""
    return AuditEntry.objects.filter(actor_name=DEMO_ACTOR, action="import").exists()
