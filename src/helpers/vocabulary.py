"""The closed lists data/ may use: metrics with their units, units and qualifiers."""

from typing import NamedTuple


class Metric(NamedTuple):
    """What a metric measures, in which unit, whether its rows carry a segment, and its kind."""

    unit: str
    segmented: bool
    description: str
    # A share of a whole cannot pass 100 %; a growth rate can.
    is_share: bool = False
    # "level": a stock at the end of `period`; "flow": counted from `from_period` to `period`;
    # "change": the difference between the levels at `from_period` and `period`; "survey": a
    # level from a survey run during a year, whose `period` is the month the result was published.
    kind: str = "level"


# Every metric figures.csv may use; a new one must be added here on purpose.
METRICS: dict[str, Metric] = {
    "genai_users": Metric("million_people", False, "generative-AI users"),
    "genai_users_growth": Metric("percent", False, "growth of generative-AI users", kind="change"),
    "genai_users_increase": Metric(
        "million_people", False, "generative-AI users added", kind="change"
    ),
    "genai_users_by_use": Metric("million_people", True, "generative-AI users by use"),
    "genai_users_share_by_use": Metric("percent", True, "share of users by use", is_share=True),
    "genai_users_share_by_occupation": Metric(
        "percent", True, "share of users by occupation", is_share=True
    ),
    "genai_users_share_by_gender": Metric(
        "percent", True, "share of users by gender", is_share=True
    ),
    "genai_users_share_by_age": Metric("percent", True, "share of users by age", is_share=True),
    "genai_users_share_by_age_change": Metric(
        "percentage_points", True, "change in the share of users by age", kind="change"
    ),
    "genai_users_share_by_education": Metric(
        "percent", True, "share of users by education", is_share=True
    ),
    "genai_users_share_by_product_form": Metric(
        "percent", True, "share of users by product form", is_share=True
    ),
    "genai_penetration": Metric(
        "percent", False, "generative-AI users per 100 people", is_share=True
    ),
    "genai_penetration_change": Metric(
        "percentage_points", False, "change in generative-AI users per 100 people", kind="change"
    ),
    "genai_aware_people": Metric("million_people", False, "people who had heard of gen-AI"),
    "internet_users": Metric("million_people", False, "internet users"),
    "internet_penetration": Metric(
        "percent", False, "internet users per 100 people", is_share=True
    ),
    "population": Metric("million_people", False, "resident population"),
    "ai_software_smes_founded": Metric("count", False, "new AI-software SMEs", kind="flow"),
    "genai_services_filed": Metric(
        "count", False, "generative-AI services filed with the CAC during a span", kind="flow"
    ),
    "genai_services_filed_total": Metric(
        "count", False, "generative-AI services filed with the CAC since filings began"
    ),
    "genai_apps_registered": Metric(
        "count", False, "generative-AI apps registered with the CAC during a span", kind="flow"
    ),
    "genai_apps_registered_total": Metric(
        "count", False, "generative-AI apps registered with the CAC since registration began"
    ),
    "eu_genai_use_share": Metric(
        "percent",
        False,
        "people aged 16-74 in the EU who used generative AI",
        is_share=True,
        kind="survey",
    ),
}
# The kinds a metric can be, and which of them are counted over a span.
METRIC_KINDS = ("level", "flow", "change", "survey")
SPAN_KINDS = ("flow", "change")


def list_metrics(kind: str) -> tuple[str, ...]:
    """Return the metrics of one kind, in the order METRICS lists them."""
    return tuple(name for name, spec in METRICS.items() if spec.kind == kind)


# A month from 2000-01 to 2100-12, in ASCII digits ('\d' would also take other scripts' digits);
# \A and \Z, unlike ^ and $, refuse a trailing newline. Data rules and the render plan both use it.
PERIOD_PATTERN = r"\A(20[0-9]{2}|2100)-(0[1-9]|1[0-2])\Z"

# Units a figure may be stated in.
UNITS = ("million_people", "percent", "percentage_points", "count")


class Grade(NamedTuple):
    """How a figure was seen, with the mark a reader sees beside it and the legend that explains it."""

    mark: str
    legend: str


# How each figure was seen (the `seen` column), best first. Figures read in full text carry no
# mark; the others carry one, explained once on every page that shows a marked figure.
SEEN_GRADES: dict[str, Grade] = {
    "primary": Grade("", "read in the publisher's own document"),
    "full_text": Grade("", "read in full (the publication's full text)"),
    "transcription": Grade("†", "copied from the publisher's document by a third party"),
    "snippet": Grade("‡", "seen only in a headline, an excerpt or a news digest"),
}

# What kind of outlet a publication is: the body that made the figure, a news organisation
# reporting it, or a secondary site (aggregator, blog, mirror, republisher, research note).
# Reports flag a figure found only in secondary outlets wherever they lean on it.
OUTLET_KINDS: dict[str, str] = {
    "publisher": "the figure's own publisher",
    "news": "a news organisation",
    "secondary": "a secondary site (aggregator, blog, mirror, republisher or research note)",
}

# What a qualitative finding of findings.csv is about.
FINDING_TOPICS = ("age", "gender", "education", "occupation", "use")

# How the source words a figure: "nearly 142%" is a rounded value just under 142; "odd" is a
# round number and some more, short of the next step (Chinese 余: "490余" with rounded_to 10 is
# more than 490 and fewer than 500).
QUALIFIERS = ("exact", "nearly", "about", "more_than", "less_than", "at_least", "odd")
# The qualifiers of a rounded value, as against a bound or a range ("more than 700 M", "490-odd").
POINT_QUALIFIERS = ("exact", "nearly", "about")
# The qualifiers of a bound open above: "more than 700 M" allows any larger number.
OPEN_ABOVE_QUALIFIERS = ("more_than", "at_least")

# Readable names for segments, for chart labels.
SEGMENT_NAMES: dict[str, str] = {
    "answer_questions": "Answering questions",
    "generate_images_video": "Making images or video",
    "generate_text": "Writing text",
    "work_documents": "Work documents",
    "personal_assistant": "Personal assistant",
    "entertainment": "Entertainment",
    "generate_code": "Writing code",
    "office_assistant": "Office assistant",
    "students": "Students",
    "corporate_staff": "Corporate managers and staff",
    "self_employed": "Self-employed and freelancers",
    "male": "Men",
    "age_19_and_under": "19 and under",
    "age_20_29": "20 to 29",
    "age_30_39": "30 to 39",
    "age_40_49": "40 to 49",
    "age_50_59": "50 to 59",
    "age_60_plus": "60 and over",
    "age_39_and_under": "Under 40",
    "age_40_plus": "40 and over",
    "college_or_higher": "College education or higher",
    "app": "Dedicated apps",
    "builtin_assistant": "Built-in assistants",
}


def name_segment(segment: str) -> str:
    """Return the readable name of a segment code, or the code itself when it has none."""
    return SEGMENT_NAMES.get(segment, segment.replace("_", " "))


# Who the user counts count, as every report that shows them says (and the index).
USER_DEFINITION = (
    "Who counts as a user: CNNIC counts the people in China who say, in its survey, that they "
    "used a generative-AI product or service at some point in the six months before. Each count "
    "is how many users there were at the end of a reporting period, not a total over it."
)
