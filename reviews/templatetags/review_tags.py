"""What the complaint page shows each party: its visible URLs and the merged timeline."""

from django import template

from reviews import selectors

register = template.Library()


@register.simple_tag
def complaint_items_for(complaint, user):
    return selectors.visible_items(complaint, user)


@register.simple_tag
def complaint_timeline_for(complaint, user):
    return selectors.timeline_for(complaint, user)
