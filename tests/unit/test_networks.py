"""Cities: creation and edits go through the role table (on a small world, tests/builders.py,
where no demo data is needed)."""

from models.city import CityFields
from services.core import collections, permissions, store
from services.experiments import replication
from services.network import directory, networks
from tests.conftest import check_matrix


def test_city_create_follows_role_table(small_world):
    check_matrix(
        small_world,
        "city.create",
        lambda user, _city: networks.create_city(
            user, CityFields(name="Praia", country="Cabo Verde")
        ),
    )


def test_city_edit_follows_role_table(small_world):
    def attempt(user, city_id):
        city = networks.get_city(small_world["admin"], city_id)
        networks.update_city(
            user, city, CityFields(name=city.name, country=city.country, cluster="x")
        )

    check_matrix(small_world, "city.edit", attempt)


def test_lag_member_sees_only_own_city(small_world):
    names = [c.id for c in networks.list_cities(small_world["lag_member"])]
    assert names == [small_world.city]
    seen = {c.id for c in networks.list_cities(small_world["viewer"])}
    assert seen == {small_world.city, small_world.other_city}


def test_a_city_country_is_stored_as_a_code_and_shown_in_the_reader_language(small_world):
    from models.city import CityFields
    from services.network import networks as nw

    coordinator = small_world["coordinator"]
    city = nw.create_city(coordinator, CityFields(name="Saint-Louis", country="Sénégal"))
    assert city.country == "SN"
    network = nw.get_network(coordinator.network_id)
    frame = nw.cities_frame(network, [city], "en")
    assert frame.loc[0, "country"] == "Senegal"
    assert nw.cities_frame(network, [city], "fr").loc[0, "country"] == "Sénégal"
    odd = nw.create_city(coordinator, CityFields(name="Nowhere", country="Atlantis"))
    assert odd.country == "Atlantis"


def test_a_city_has_its_teams_language(world):
    """A new city writes in its creator's language unless told; an edit can change it; the
    demo's cities write in their teams' languages (French and English both)."""
    coordinator = world["coordinator"]  # French-speaking in the demo
    created = networks.create_city(coordinator, CityFields(name="Praia", country="CV"))
    assert created.language == coordinator.language == "fr"
    english = networks.create_city(
        coordinator, CityFields(name="Cork", country="IE", language="en")
    )
    assert english.language == "en"
    edited = networks.update_city(
        coordinator, english, CityFields(name="Cork", country="IE", language="fr")
    )
    assert edited.language == "fr"
    languages = {c.language for c in networks.list_cities(world["admin"])}
    assert languages >= {"en", "fr"}


def _choices_in_documents(user, visible: set[str] | None) -> list[tuple[str, str, int]]:
    """(id, name, experiments) of the cities in `visible` (every city: None), by name, read
    here from the raw documents."""
    db = store.get()
    counts: dict[str, int] = {}
    for doc in db.find(collections.EXPERIMENTS, {"network_id": user.network_id}):
        counts[doc["city_id"]] = counts.get(doc["city_id"], 0) + 1
    cities = db.find(collections.CITIES, {"network_id": user.network_id})
    found = [
        (c["_id"], c["name"], counts.get(c["_id"], 0))
        for c in cities
        if visible is None or c["_id"] in visible
    ]
    return sorted(found, key=lambda c: (c[1], c[0]))


def test_the_city_picker_lists_what_the_documents_say_after_writes(world):
    coordinator, lead = world["coordinator"], world["city_lead"]

    def check() -> None:
        for user in (coordinator, lead):
            visible = permissions.visible_city_ids(user, "city.read")
            listed = [(c.id, c.name, c.experiments) for c in networks.city_choices(user)]
            assert listed == _choices_in_documents(user, visible)

    check()
    city = networks.create_city(coordinator, CityFields(name="Aveiro", country="Portugal"))
    check()
    networks.update_city(coordinator, city, CityFields(name="Aaa Aveiro", country="Portugal"))
    assert networks.city_choices(coordinator)[0].name == "Aaa Aveiro"
    check()
    replication.start_replication(coordinator, "demo-exp-0010-1", city.id)
    assert next(c for c in networks.city_choices(coordinator) if c.id == city.id).experiments == 1
    check()
    # A store written before the directory existed gets it at the first read.
    where = {"_id": directory.doc_id(coordinator.network_id)}
    store.get().delete_many(collections.ROLLUPS, where)
    check()
    assert store.get().find_one(collections.ROLLUPS, where)
