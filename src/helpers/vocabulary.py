"""The closed lists data/ may use: metrics with their units, units and qualifiers."""

from typing import NamedTuple

# What a row of a metric describes: a level at a date (no from_period), a flow counted over a
# span (from_period to period, never negative) or a change over a span (which may be negative).
LEVEL, FLOW, CHANGE = "level", "flow", "change"


class Metric(NamedTuple):
    """What a metric measures, in which unit, whether its rows carry a segment, and its kind."""

    unit: str
    segmented: bool
    description: str
    # A share of a whole cannot pass 100 %; a growth rate can.
    is_share: bool = False
    kind: str = LEVEL


# Every metric figures.csv may use; a new one must be added here on purpose.
METRICS: dict[str, Metric] = {
    "genai_users": Metric("million_people", False, "generative-AI users"),
    "genai_users_growth": Metric("percent", False, "growth of generative-AI users", kind=CHANGE),
    "genai_users_increase": Metric(
        "million_people", False, "generative-AI users added", kind=CHANGE
    ),
    "genai_users_by_use": Metric("million_people", True, "generative-AI users by use"),
    "genai_users_share_by_use": Metric("percent", True, "share of users by use", is_share=True),
    "genai_users_share_by_group": Metric("percent", True, "share of users by group", is_share=True),
    "genai_users_share_by_age": Metric("percent", True, "share of users by age", is_share=True),
    "genai_users_share_by_education": Metric(
        "percent", True, "share of users by education", is_share=True
    ),
    "genai_penetration": Metric(
        "percent", False, "generative-AI users per 100 people", is_share=True
    ),
    "genai_penetration_change": Metric(
        "percentage_points", False, "change in generative-AI users per 100 people", kind=CHANGE
    ),
    "genai_aware_people": Metric("million_people", False, "people who had heard of gen-AI"),
    "internet_users": Metric("million_people", False, "internet users"),
    "population": Metric("million_people", False, "resident population"),
    "ai_software_smes_founded": Metric("count", False, "new AI-software SMEs", kind=FLOW),
    "genai_services_registered": Metric(
        "count", False, "generative-AI services registered during a span", kind=FLOW
    ),
    "genai_services_filed_total": Metric(
        "count", False, "generative-AI services filed since filings began"
    ),
}

# A month from 2000-01 to 2100-12, in ASCII digits ('\d' would also take other scripts' digits);
# \A and \Z, unlike ^ and $, refuse a trailing newline. Data rules and the render plan both use it.
PERIOD_PATTERN = r"\A(20[0-9]{2}|2100)-(0[1-9]|1[0-2])\Z"

# Units a figure may be stated in.
UNITS = ("million_people", "percent", "percentage_points", "count")

# Whether the figure was seen in the outlet its row cites ("no": kept, but marked unverified).
VERIFIED = ("yes", "no")

# How the source words a figure: "nearly 142%" is a rounded value just under 142.
QUALIFIERS = ("exact", "nearly", "about", "more_than", "less_than", "at_least")

# Readable names for segments, for chart labels.
SEGMENT_NAMES: dict[str, str] = {
    "answer_questions": "Answering questions",
    "generate_images_video": "Making images and video",
    "personal_assistant": "Personal assistant",
    "office_assistant": "Office assistant",
    "students": "Students",
    "age_19_and_under": "19 and under",
    "age_20_29": "20 to 29",
    "age_30_39": "30 to 39",
    "age_39_and_under": "Under 40",
    "college_or_higher": "College education or higher",
}


def name_segment(segment: str) -> str:
    """Return the readable name of a segment code, or the code itself when it has none."""
    return SEGMENT_NAMES.get(segment, segment.replace("_", " "))
