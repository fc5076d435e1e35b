"""The package's import graph (issue 18): no module imports, directly or through others, a module
that imports it back — imports inside functions and under ``TYPE_CHECKING`` counted too (grimp
reads every import statement), and so is the import of every package a module's import passes
through (``import a.b.c`` runs ``a/b/__init__.py`` first), the package itself aside."""

import grimp


def _with_parent_packages(graph: grimp.ImportGraph, root: str) -> grimp.ImportGraph:
    """``graph`` with an edge to each package between ``root`` and an imported module."""
    for module in sorted(graph.modules):
        for imported in list(graph.find_modules_directly_imported_by(module)):
            parts = imported.split(".")
            for k in range(len(root.split(".")) + 1, len(parts)):
                package = ".".join(parts[:k])
                if module != package and not module.startswith(package + "."):
                    graph.add_import(importer=module, imported=package)
    return graph


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    found = []
    for module in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                found.append([module, *back])
    return found


def test_the_package_has_no_import_cycle():
    graph = _with_parent_packages(grimp.build_graph("governance_analytics"), "governance_analytics")
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.c")
    assert _cycles(graph) == []
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert ["pkg.a", "pkg.b", "pkg.c", "pkg.a"] in _cycles(graph)


def test_a_cycle_through_a_package_init_is_found():
    # pkg.config imports pkg.sub.settings, which runs pkg/sub/__init__.py, which imports
    # pkg.sub.builder, which imports pkg.config: a cycle no single import statement shows
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.config", "pkg.sub", "pkg.sub.settings", "pkg.sub.builder"):
        graph.add_module(module)
    graph.add_import(importer="pkg.config", imported="pkg.sub.settings")
    graph.add_import(importer="pkg.sub", imported="pkg.sub.builder")
    graph.add_import(importer="pkg.sub.builder", imported="pkg.config")
    assert _cycles(graph) == []
    assert ["pkg.config", "pkg.sub", "pkg.sub.builder", "pkg.config"] in _cycles(_with_parent_packages(graph, "pkg"))


def test_report_parts_never_import_one_another():
    # each study's part of the report words its own results; what several parts publish or repeat
    # lives in the sections' private shared modules (_registry, _period_counts), not in a part
    graph = grimp.build_graph("governance_analytics")
    package = "governance_analytics.reporting.sections"
    parts = {m for m in graph.find_children(package) if not m.rsplit(".", 1)[1].startswith("_")}
    assert {f"{package}.overview", f"{package}.hotspots", f"{package}.handling"} <= parts
    crossing = [(a, b) for a in sorted(parts) for b in sorted(graph.find_modules_directly_imported_by(a)) if b in parts]
    assert crossing == []
