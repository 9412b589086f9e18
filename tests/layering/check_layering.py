#!/usr/bin/env python3
"""Fails when a file includes a header its folder's layer may not see.

The folders are the architecture (README, "Architecture"): client-cli sees the
contract (proto/) alone; the server sees storage and the contract; storage sees
SOCI and its own base alone; the domain is plain C++ over storage's interfaces.

  check_layering.py ROOT            # checks the tree at ROOT
  check_layering.py --self-test ROOT
      # copies ROOT's sources, plants one forbidden include per rule, and
      # fails unless each is reported (and the unplanted copy passes)
"""

import pathlib
import re
import shutil
import sys
import tempfile

# (folder, forbidden includes, why). A folder's rules hold for every file
# under it; an include is forbidden when the pattern matches its path.
RULES = [
    ("server/domain/", r"^(grpc|grpcpp|google/protobuf|google/rpc|soci)/|^relance/v1/",
     "the domain is plain C++: no gRPC, protobuf or SOCI"),
    ("server/domain/", r"^server/(api|channels|notifications)/|^server/[^/]+$",
     "the domain does not see the server around it"),
    ("server/domain/", r"^storage/(?!interfaces/|base/)",
     "the domain sees storage's interfaces and base, not its SQL"),
    ("storage/", r"^(server|client-cli|proto)/",
     "storage depends on SOCI only"),
    ("storage/", r"^(grpc|grpcpp|google/protobuf|google/rpc)/|^relance/v1/",
     "storage knows nothing of the API"),
    ("storage/interfaces/", r"^soci/|^storage/(?!interfaces/|base/)",
     "the interfaces are what the domain sees: no SOCI"),
    ("storage/base/", r"^(soci|storage)/(?!base/)",
     "base is what every layer sees: Abseil alone"),
    ("client-cli/", r"^(server|storage)/",
     "the CLI speaks to relanced through the contract only"),
    ("proto/relance/", r"^(server|storage|client-cli)/",
     "the contract's code is shared by the server and the CLI"),
]

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
SOURCES = (".h", ".cc")


def violations(root):
    found = []
    for folder, pattern, why in RULES:
        forbidden = re.compile(pattern)
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            if path.suffix not in SOURCES:
                continue
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                match = INCLUDE.match(line)
                if match and forbidden.search(match.group(1)):
                    found.append(f"{path.relative_to(root)}:{number}: includes "
                                 f"{match.group(1)}: {why}")
    return found


# One include per rule that the rule must catch, planted in a new file.
PLANTS = [
    ("server/domain/planted.cc", "grpcpp/grpcpp.h"),
    ("server/domain/planted_protobuf.cc", "google/protobuf/message.h"),
    ("server/domain/planted_soci.cc", "soci/soci.h"),
    ("server/domain/planted_api.cc", "server/api/invoice_service.h"),
    ("server/domain/planted_sql.cc", "storage/sql_query.h"),
    ("storage/planted.cc", "server/domain/invoices.h"),
    ("storage/planted_proto.cc", "relance/v1/invoice.pb.h"),
    ("storage/interfaces/planted.h", "storage/sql_rows.h"),
    ("storage/base/planted.h", "storage/interfaces/records.h"),
    ("client-cli/planted.cc", "storage/interfaces/records.h"),
    ("client-cli/planted_server.cc", "server/domain/dates.h"),
    ("proto/relance/planted.cc", "server/domain/dates.h"),
]


def self_test(root):
    with tempfile.TemporaryDirectory() as scratch:
        copy = pathlib.Path(scratch)
        for folder in ("server", "storage", "client-cli", "proto"):
            shutil.copytree(root / folder, copy / folder,
                            ignore=shutil.ignore_patterns("*.sql", "*.json", "*.txt"))
        if violations(copy):
            print("the unplanted copy already fails", file=sys.stderr)
            return 1
        failures = 0
        for path, header in PLANTS:
            planted = copy / path
            planted.write_text(f'#include "{header}"\n')
            reported = [v for v in violations(copy) if v.startswith(path + ":")]
            planted.unlink()
            if reported:
                print(f"caught: {reported[0]}")
            else:
                print(f"MISSED: {path} including {header}", file=sys.stderr)
                failures += 1
        return 1 if failures else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--self-test":
        return self_test(pathlib.Path(argv[2]))
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    found = violations(pathlib.Path(argv[1]))
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(f"{len(found)} forbidden include(s)", file=sys.stderr)
        return 1
    print("every include respects the layers")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
