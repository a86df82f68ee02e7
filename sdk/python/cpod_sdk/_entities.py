"""``client.entities``: one resource per entity type of the contract."""

from __future__ import annotations

from ._generated.models.group import Group
from ._generated.models.person import Person
from ._generated.models.software_license import SoftwareLicense
from ._generated.models.technology_asset import TechnologyAsset
from ._resources.entities import AsyncEntityResource, EntityResource
from ._runner import AsyncRunner, Runner


class Entities:
    """``client.entities.people``, ``.groups``, ``.technology_assets``, ``.software_licenses``."""

    def __init__(self, runner: Runner) -> None:
        self.people = EntityResource(runner, "people", Person.from_dict)
        self.groups = EntityResource(runner, "groups", Group.from_dict)
        self.technology_assets = EntityResource(runner, "technology-assets", TechnologyAsset.from_dict)
        self.software_licenses = EntityResource(runner, "software-licenses", SoftwareLicense.from_dict)


class AsyncEntities:
    """The async client's ``entities``."""

    def __init__(self, runner: AsyncRunner) -> None:
        self.people = AsyncEntityResource(runner, "people", Person.from_dict)
        self.groups = AsyncEntityResource(runner, "groups", Group.from_dict)
        self.technology_assets = AsyncEntityResource(runner, "technology-assets", TechnologyAsset.from_dict)
        self.software_licenses = AsyncEntityResource(runner, "software-licenses", SoftwareLicense.from_dict)
