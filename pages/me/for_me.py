"""For me: the signed-in person's overdue and due actions, mentions and worsening KPIs."""

from relclient.ui.auth import acting_user
from relclient.ui.for_me import for_me_page
from relclient.ui.i18n import current_language

for_me_page(acting_user(), current_language())
