"""What a spreadsheet says to the people who read it: its headers, its title block and the
words of the vocabulary, in Swedish (the default) or English.

A column's key (`follow_up_comment`) is what the code and the JSON answers call it; a
label is only what a sheet shows. A value of the vocabulary (`partly_met`) is shown by
its label where the column holds one."""

from __future__ import annotations

COLUMNS: dict[str, dict[str, str]] = {
    "sv": {
        "item": "Del av planen",
        "kind": "Typ",
        "follow_up": "Status",
        "follow_up_comment": "Statuskommentar",
        "indicator": "Indikator",
        "unit": "Enhet",
        "periods": "Perioder",
        "period": "Period",
        "target": "Målvärde",
        "outcome": "Utfall",
        "difference": "Avvikelse",
        "outcome_comment": "Kommentar till utfallet",
        "forecast": "Prognos",
        "forecast_period": "Prognos för",
        "forecast_reported_in": "Prognos lämnad",
        "assessment": "Måluppfyllelse",
        "assessment_comment": "Kommentar till måluppfyllelsen",
        "assessment_basis": "Bedömd utifrån",
        "comment": "Kommentar",
        "corrected": "Rättad",
        "late": "Sen",
        "missing": "Saknas",
        "item_assessment": "Bedömning av delen",
        "item_assessment_comment": "Kommentar till bedömningen",
        "recorded_from": "Position",
        "recorded_at": "Registrerad (UTC)",
        "actor": "Av",
        "reason": "Skäl",
    },
    "en": {
        "item": "Plan item",
        "kind": "Kind",
        "follow_up": "Status",
        "follow_up_comment": "Status comment",
        "indicator": "Indicator",
        "unit": "Unit",
        "periods": "Periods",
        "period": "Period",
        "target": "Target",
        "outcome": "Outcome",
        "difference": "Difference",
        "outcome_comment": "Outcome comment",
        "forecast": "Forecast",
        "forecast_period": "Forecast for",
        "forecast_reported_in": "Forecast made in",
        "assessment": "Assessment",
        "assessment_comment": "Assessment comment",
        "assessment_basis": "Assessed on",
        "comment": "Comment",
        "corrected": "Corrected",
        "late": "Late",
        "missing": "Missing",
        "item_assessment": "Item assessment",
        "item_assessment_comment": "Item assessment comment",
        "recorded_from": "Position",
        "recorded_at": "Recorded (UTC)",
        "actor": "By",
        "reason": "Reason",
    },
}

ABOUT: dict[str, dict[str, str]] = {
    "sv": {
        "report": "Uppföljning",
        "series": "Indikator",
        "plan": "Plan",
        "period": "Period",
        "indicator": "Indikator",
        "unit": "Enhet",
        "valid_at": "Per dag",
        "known_at": "Som känt",
        "position": "Position",
        "submitted": "Klarmarkerad",
        "locked": "Låst",
        "due_on": "Sista dag",
    },
    "en": {
        "report": "Follow-up",
        "series": "Indicator",
        "plan": "Plan",
        "period": "Period",
        "indicator": "Indicator",
        "unit": "Unit",
        "valid_at": "On",
        "known_at": "As known at",
        "position": "Position",
        "submitted": "Submitted",
        "locked": "Locked",
        "due_on": "Due on",
    },
}

VALUES: dict[str, dict[str, str]] = {
    "sv": {
        # item kinds
        "focus_area": "fokusområde",
        "sub_area": "delområde",
        "goal": "mål",
        "result_goal": "resultatmål",
        "effect_goal": "effektmål",
        "activity": "aktivitet",
        "milestone": "milstolpe",
        "risk": "risk",
        "control_activity": "kontrollmoment",
        # follow-up statuses
        "not_started": "ej påbörjad",
        "ongoing": "pågår",
        "completed": "klar",
        "delayed": "försenad",
        "cancelled": "avbruten",
        # assessments and their basis
        "met": "uppfyllt",
        "partly_met": "delvis uppfyllt",
        "not_met": "ej uppfyllt",
        "forecast": "prognos",
        "outcome": "utfall",
        "comment": "kommentar",
        # what is missing
        "follow_up": "status",
    },
    "en": {
        "focus_area": "focus area",
        "sub_area": "sub-area",
        "goal": "goal",
        "result_goal": "result goal",
        "effect_goal": "effect goal",
        "activity": "activity",
        "milestone": "milestone",
        "risk": "risk",
        "control_activity": "control activity",
        "not_started": "not started",
        "ongoing": "ongoing",
        "completed": "completed",
        "delayed": "delayed",
        "cancelled": "cancelled",
        "met": "met",
        "partly_met": "partly met",
        "not_met": "not met",
        "forecast": "forecast",
        "outcome": "outcome",
        "comment": "comment",
        "follow_up": "status",
    },
}
"""The vocabulary's words, for the columns that hold them (`Sheet.worded`); a column of
free text is never worded, so a comment that reads "met" stays as written."""

YES_NO: dict[str, tuple[str, str]] = {"sv": ("ja", "nej"), "en": ("yes", "no")}
