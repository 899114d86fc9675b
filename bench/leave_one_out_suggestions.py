"""Partner suggestions measured on real cooperation: leave-one-out over the register of partnerships.

For each real partnership of the register (`manage.py import_partnerships`) between a French or Bulgarian
authority and a Western Balkan one: hide it (soft-deleted inside a transaction rolled back), rank every
authority of the partner's country for the French or Bulgarian side (`ranking_for_authority`, what
`GET /api/v1/authorities/{id}/suggestions?country=` pages), and record the rank of the real partner. Beside
it, in the same run and over the same candidates (the country's authorities, less the source's other
partners): two baselines, a random order (fixed seed) and the similarity of size alone (|log population
ratio|, unknown populations last).

Prints recall@10, recall@50 and the median rank of each, and the CPU time. A partner that scores nothing
is ranked in the middle of those that score nothing (the order among them is arbitrary).

Uses its own SQLite file (DATABASE_URL, default in the temporary directory, kept between runs) holding the
reference data and the register only: no demo data, whose random partnerships would be noise here.

Run: .venv/bin/python bench/leave_one_out_suggestions.py
"""

import math
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{Path(tempfile.gettempdir()) / 'mostovi-bench-loo.sqlite3'}"
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone, translation  # noqa: E402

from mostovi.directory.models import Organisation, OrganisationKind  # noqa: E402
from mostovi.exchange.suggestions import _partners_of, ranking_for_authority  # noqa: E402
from mostovi.partnerships.models import Partnership, PartnershipMember  # noqa: E402

SOURCES = ("FR", "BG")
WESTERN_BALKANS = ("RS", "MK", "AL", "BA", "ME", "XK")
SEED = 20261207


def ensure_data() -> None:
    call_command("migrate", verbosity=0)
    if not Organisation.objects.filter(kind=OrganisationKind.LOCAL_AUTHORITY).exists():
        print("Importing the reference data and the register of partnerships (once)…", flush=True)
        call_command("import_reference_data", verbosity=0)
    if not Partnership.objects.filter(is_demo=False).exists():
        call_command("import_partnerships", verbosity=0)


def cases() -> list[tuple[int, int, int]]:
    """(partnership, French or Bulgarian side, Western Balkan side) of the real partnerships."""
    members: dict[int, list[tuple[int, str]]] = {}
    for partnership_id, authority_id, country in PartnershipMember.objects.filter(
        partnership__deleted_at__isnull=True,
        partnership__is_demo=False,
        authority__kind=OrganisationKind.LOCAL_AUTHORITY,
        authority__deleted_at__isnull=True,
    ).values_list("partnership_id", "authority_id", "authority__country"):
        members.setdefault(partnership_id, []).append((authority_id, country))
    found = []
    for partnership_id, pair in sorted(members.items()):
        if len(pair) != 2:
            continue
        (a, country_a), (b, country_b) = pair
        if country_a in WESTERN_BALKANS and country_b in SOURCES:
            (a, country_a), (b, country_b) = (b, country_b), (a, country_a)
        if country_a in SOURCES and country_b in WESTERN_BALKANS:
            found.append((partnership_id, a, b))
    return found


def rank_of(target: int, ordered: list[int], pool_size: int) -> float:
    """1-based rank of the target; when absent, the middle of the pool's unranked rest."""
    if target in ordered:
        return ordered.index(target) + 1
    return len(ordered) + (pool_size - len(ordered) + 1) / 2


def summary(label: str, ranks: list[float]) -> str:
    n = len(ranks)
    at10 = sum(r <= 10 for r in ranks) / n
    at50 = sum(r <= 50 for r in ranks) / n
    median = statistics.median(ranks)
    return f"  {label:16} recall@10 {at10:6.1%}  recall@50 {at50:6.1%}  median rank {median:6.1f}"


def main() -> int:
    ensure_data()
    rng = random.Random(SEED)
    ranks = {"suggestions": [], "size similarity": [], "random order": []}
    pools, skipped, pairs = [], 0, []
    started, started_cpu = time.perf_counter(), time.process_time()
    with translation.override("en"):
        for partnership_id, source_id, target_id in cases():
            source, target = Organisation.objects.get(pk=source_id), Organisation.objects.get(pk=target_id)
            if target.is_subunit and not source.is_subunit:
                skipped += 1  # never a candidate of this source (sub-units answer sub-units)
                continue
            with transaction.atomic():
                Partnership.objects.filter(pk=partnership_id).update(deleted_at=timezone.now())
                ranked = [
                    pk for pk, _score in ranking_for_authority(authority_id=source_id, country=target.country)
                ]
                excluded = _partners_of(source_id) | {source_id}
                transaction.set_rollback(True)
            pool = [
                (pk, population)
                for pk, population in Organisation.objects.alive()
                .filter(kind=OrganisationKind.LOCAL_AUTHORITY, country=target.country)
                .filter(**({} if source.is_subunit else {"is_subunit": False}))
                .order_by("pk")
                .values_list("pk", "population")
                if pk not in excluded
            ]
            pools.append(len(pool))
            pairs.append(f"{source.country}→{target.country}")
            ranks["suggestions"].append(rank_of(target_id, ranked, len(pool)))
            shuffled = [pk for pk, _population in pool]
            rng.shuffle(shuffled)
            ranks["random order"].append(shuffled.index(target_id) + 1)

            def distance(row, p=source.population):
                pk, population = row
                if not p or not population:
                    return (1, math.inf, pk)
                return (0, abs(math.log(population / p)), pk)

            by_size = [pk for pk, _population in sorted(pool, key=distance)]
            ranks["size similarity"].append(by_size.index(target_id) + 1)
    wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    n = len(ranks["suggestions"])
    print(
        f"leave-one-out over {n} real partnerships FR/BG ↔ Western Balkans ({skipped} skipped: the partner "
        f"is a sub-unit); candidates per case: median {statistics.median(pools):.0f}, max {max(pools)}"
    )
    for label, values in ranks.items():
        print(summary(label, values))
    # Where it does better or not: per pair of countries (those with 10 cases or more), then the rest.
    counted = {pair: pairs.count(pair) for pair in pairs}
    groups = [pair for pair in sorted(counted, key=lambda pair: -counted[pair]) if counted[pair] >= 10]
    for group in [*groups, "other"]:
        keep = [
            i for i, pair in enumerate(pairs) if pair == group or (group == "other" and pair not in groups)
        ]
        if not keep:
            continue
        print(f"  {group} ({len(keep)} cases)")
        for label, values in ranks.items():
            print("  " + summary(label, [values[i] for i in keep]))
    print(f"  time: {wall:.1f} s wall, {cpu:.1f} s CPU ({1000 * cpu / max(1, n):.0f} ms CPU per case)")
    loadavg = Path("/proc/loadavg")
    if loadavg.exists():
        print(f"load average: {' '.join(loadavg.read_text().split()[:3])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
