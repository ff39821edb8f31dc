from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class AnalysisConfig(AppConfig):
    """Step 1 — Assess the conflict: issues, positions, actors and ties, context, power, history."""

    name = "peacetrack.analysis"
    label = "analysis"

    def ready(self) -> None:
        from peacetrack.analysis import (  # noqa: F401
            actions,
            briefing,
            casefile,
            search,
            task_records,
        )
        from peacetrack.analysis.display import describe_record
        from peacetrack.analysis.network_cache import connect_signals
        from peacetrack.analysis.services import party_records_create, party_records_update
        from peacetrack.analysis.step_panel import step_panel
        from peacetrack.cases.deletion import register_describer
        from peacetrack.cases.navigation import register_case_section
        from peacetrack.cases.party_hooks import on_party_created, on_party_updated

        casefile.register()
        briefing.register()  # step 1's sections of the briefing pack
        connect_signals()
        on_party_created(party_records_create)
        on_party_updated(party_records_update)
        task_records.register()
        search.register()
        register_describer(describe_record)
        register_case_section(
            label=gettext_lazy("Assessment"),
            url_name="analysis:overview",
            step="1",
            panel=step_panel,
        )
