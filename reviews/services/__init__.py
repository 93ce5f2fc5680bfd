"""Review workflow services: URL decisions, counter-notices, deadlines and penalty points.

Lock order. Every service here that locks more than one row locks them in this one order, so two
services can never wait on each other (a deadlock):

    complaint -> complaint item -> deadline -> counter-notice -> listing -> penalty rows

`common.lock_complaint_and_item` takes the first two; a service that starts from a deadline or a
counter-notice reads it unlocked to find its item, takes the complaint and item locks, and only
then locks (and re-checks) the deadline or counter-notice itself.
"""
