"""{% glossary report %}...{% endglossary %}: the annual report's body followed by its glossary of
the abbreviations the body uses (yearend.glossary), one rendering for the page, the PDF and a
signed copy alike."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from yearend.glossary import glossary, text_of_html

register = template.Library()

# Where the report's contents list the glossary, once it is known to have entries.
CONTENTS_MARK = "<!--glossary-contents-->"
CONTENTS_ITEM = '<li><a href="#glossary">Glossary</a></li>'


class GlossaryNode(template.Node):
    def __init__(self, nodelist, report):
        self.nodelist, self.report = nodelist, report

    def render(self, context) -> str:
        body = self.nodelist.render(context)
        entries = glossary(text_of_html(body), self.report.resolve(context))
        if not entries:
            return mark_safe(body.replace(CONTENTS_MARK, ""))
        section = render_to_string("yearend/partials/_glossary.html", {"entries": entries})
        return mark_safe(body.replace(CONTENTS_MARK, CONTENTS_ITEM) + section)


@register.tag("glossary")
def do_glossary(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% glossary report %} takes the report.")
    nodelist = parser.parse(("endglossary",))
    parser.delete_first_token()
    return GlossaryNode(nodelist, parser.compile_filter(bits[1]))
