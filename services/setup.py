"""First run: the first account and its network (an empty one, or the demo)."""

from __future__ import annotations

from models.user import User, UserCreate
from services.accounts import accounts, passwords
from services.core.errors import InvalidInput
from services.demo import seed as demo
from services.network import networks


def first_run(
    data: UserCreate, password: str, confirm: str, network_name: str, load_demo: bool
) -> tuple[User, demo.DemoResult | None]:
    """Create the first (admin) account, then its network: the demo, or an empty one.

    Refused once any account exists. Every input is checked before anything is written.
    """
    if password != confirm:
        raise InvalidInput("password_confirm", "auth.password_mismatch")
    passwords.check_password_strength(password, data.username)
    if not load_demo and not network_name.strip():
        raise InvalidInput("network_name", "validation.missing")
    if load_demo:
        user = accounts.create_first_admin(demo.DEMO_NETWORK_ID, data, password)
        return user, demo.seed(reset=True, keep_users=True)
    network = networks.new_network(network_name.strip())
    user = accounts.create_first_admin(network.id, data, password)
    networks.create(network)
    return user, None
