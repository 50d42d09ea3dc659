#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Render bench/run's raw results (results.tsv) as the table and the
targets section.  bench/run calls it; it can be rerun on a saved file:

    python3 bench/report.py [--timeout S] [--labels 'id=label;...'] results.tsv
"""
import argparse
import csv
import statistics
import sys

TOOLS = ["mtuprobe", "ping-bisect", "tracepath", "scamper"]
# The scenarios of the first issue, which its targets are about, and the
# destinations that lie, added since (reported beside them, no target of
# speed or probes of their own).
FIRST_KINDS = ("ptb", "bh", "two", "bhloss", "bh50ms")
BLACK_HOLE_KINDS = {"bh", "two", "bhloss", "bh50ms"}
LIE_KINDS = ("trunc", "sizefilter", "syndata", "policed", "oneway")
POLICED_BOUND_US = 20e6


def kind(scen):
    return scen.rsplit("-v", 1)[0]


def fam(scen):
    return "IPv" + scen.rsplit("-v", 1)[1]


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def fmt_time(us, prefix=""):
    if us is None:
        return "-"
    ms = us / 1000.0
    if ms < 10:
        return "%s%.2f ms" % (prefix, ms)
    if ms < 1000:
        return "%s%.0f ms" % (prefix, ms)
    return "%s%.2f s" % (prefix, ms / 1000.0)


def fmt_ratio(r, prefix=""):
    if r is None:
        return "-"
    if r < 0.1:
        return "%s%.2gx" % (prefix, r)
    if r < 10:
        return "%s%.1fx" % (prefix, r)
    return "%s%.0fx" % (prefix, r)


def fmt_range(vals):
    vals = [int(v) for v in vals if v is not None]
    if not vals:
        return "-"
    lo, hi = min(vals), max(vals)
    med = statistics.median(vals)
    med = "%d" % med if med == int(med) else "%.1f" % med
    return med if lo == hi else "%s (%d-%d)" % (med, lo, hi)


def parse_expected(text):
    """bench/run's "expected": alternatives joined by "|", each "none"
    (an honest refusal: no number) or a path MTU, with ":there" when it
    holds only for the way toward the host.  Returns [(mtu or None,
    tag)]."""
    alts = []
    for a in text.split("|"):
        mtu, _, tag = a.partition(":")
        alts.append((None if mtu == "none" else num(mtu), tag))
    return alts


def fmt_expected(text, toward="-"):
    words = []
    for mtu, tag in parse_expected(text):
        w = "none" if mtu is None else "%d" % mtu
        words.append(w + (" " + tag if tag else ""))
    out = " or ".join(words)
    if toward not in ("-", ""):
        out += ", toward %s" % toward
    return out


def judge(r):
    """Is the run's answer right, and under which tag ("there")?"""
    toward = r.get("expected_toward") or "-"
    if toward != "-" and r.get("toward") != toward:
        return False, ""
    for mtu, tag in parse_expected(r["expected"]):
        if mtu is None and r["status"] == "none":
            return True, tag
        if mtu is not None and r["status"] == "ok" and r["mtu_n"] == mtu:
            return True, tag
    return False, ""


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    for r in rows:
        r["wall_us"] = num(r["wall_us"])
        r["mtu_n"] = num(r["mtu"])
        r["probes_n"] = num(r["probes"])
        r["sent_n"] = num(r["sent"])
        r["rtt_n"] = num(r["rtt_us"])
        r["exact"], r["exact_tag"] = judge(r)
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--labels", default="")
    ap.add_argument("tsv")
    a = ap.parse_args()
    labels = dict(x.split("=", 1) for x in a.labels.split(";") if "=" in x)
    rows = load(a.tsv)

    scenarios = []
    for r in rows:
        if r["scenario"] not in scenarios:
            scenarios.append(r["scenario"])
    by = {}
    for r in rows:
        by.setdefault((r["scenario"], r["tool"]), []).append(r)

    # mtuprobe's median wall time per scenario, the base of the ratios:
    # the runs that ended on their own, with an answer or with "cannot
    # size"
    base = {}
    for s in scenarios:
        ok = [r["wall_us"] for r in by.get((s, "mtuprobe"), [])
              if r["status"] in ("ok", "none") and r["wall_us"]]
        if ok:
            base[s] = statistics.median(ok)

    head = ["scenario (answer)", "tool", "MTU", "exact", "time", "probes",
            "sent", "time / mtuprobe"]
    table = []
    ratios = {}   # tool -> [(ratio, scenario, lower_bound)]
    for s in scenarios:
        label = "%s (%s)" % (labels.get(s, s), rows_expected(by, s))
        first = True
        for t in TOOLS:
            rs = by.get((s, t))
            if not rs:
                continue
            n = len(rs)
            okr = [r for r in rs if r["status"] == "ok"]
            mtus = sorted({r["mtu"] for r in okr})
            if any(r["status"] == "none" for r in rs):
                mtus.append("none")
            mtu = "/".join(mtus) if mtus else "-"
            nexact = sum(r["exact"] for r in rs)
            statuses = sorted({r["status"] for r in rs
                               if r["status"] not in ("ok", "none")})
            tags = sorted({r["exact_tag"] for r in rs if r["exact_tag"]})
            if n > 1:
                exact = "%d/%d" % (nexact, n)
            elif nexact:
                exact = "yes"
            else:
                exact = statuses[0] if statuses else "NO"
            if tags:
                exact += " (%s)" % "/".join(tags)
            walls = [r["wall_us"] for r in rs if r["wall_us"]]
            timed_out = any(r["status"] == "timeout" for r in rs)
            if t == "mtuprobe":
                tm = fmt_time(statistics.median(walls)) if walls else "-"
                ratio = ""
            else:
                w = statistics.median(walls) if walls else None
                tm = fmt_time(w, "> " if timed_out else "")
                if w and s in base:
                    rv = w / base[s]
                    ratio = fmt_ratio(rv, "> " if timed_out else "")
                    group = "lie" if kind(s) in LIE_KINDS else "first"
                    ratios.setdefault((t, group), []).append(
                        (rv, s, timed_out, nexact == n))
                else:
                    ratio = "-"
            probes = fmt_range([r["probes_n"] for r in rs]) \
                if t in ("mtuprobe", "ping-bisect") else "-"
            sent = fmt_range([r["sent_n"] for r in rs])
            if any(r["status"] == "laberror" for r in rs):
                exact += " (lab error)"
            table.append([label if first else "", t, mtu, exact, tm, probes,
                          sent, ratio])
            first = False
    print_table(head, table)

    print()
    print("MTU: the path MTU the tool reported (the right one is in the "
          "first column).  exact: it")
    print("is the right one (mtuprobe: exact runs / runs).  time: wall "
          "time of the command, taken")
    print("in the client namespace (mtuprobe: median of its runs).  "
          "probes: what the tool says it")
    print("sent (mtuprobe: JSON \"probes\"; ping-bisect: pings run, one "
          "probe each); tracepath and")
    print("scamper do not say.  sent: packets the client put on its link, "
          "every tool (tx_packets of")
    print("c-r1 before and after); median (min-max) over runs.  time / "
          "mtuprobe: the peer's time over")
    print("mtuprobe's median time in the same scenario; \"> \" marks a "
          "run stopped at the %d s cap." % a.timeout)
    if any(r["status"] == "none" for r in rows):
        print("none: the tool said it could not size the path and gave no "
              "number; right where the")
        print("answer allows it (\"1380 or none\"), wrong elsewhere.")
    if any(r["exact_tag"] == "there" for r in rows):
        print("(there): right for the way toward the host, which is all "
              "that peer measures.")

    print()
    print("Targets (measured on this lab; reported, not asserted)")
    targets = first_targets(rows, by, ratios, labels) + \
        lie_targets(rows, by, ratios, labels)
    if not targets:
        print("  (mtuprobe was not run)")
        return
    print_table(["target", "measured", "met"],
                [[t, m, "-" if ok is None else ("yes" if ok else "NO")] for t, m, ok in targets],
                indent="  ")


def worst(by, scen):
    rs = by.get((scen, "mtuprobe"), [])
    ws = [r["wall_us"] for r in rs if r["wall_us"]]
    if not ws:
        return None, None
    return max(ws), statistics.median(ws)


def ratio_text(rl, labels):
    """The smallest of a peer's time ratios, and the smallest where the
    peer was right when that one was wrong."""
    rv, scen, lb, right = min(rl, key=lambda x: x[0])
    text = "min %s (%s%s)" % (fmt_ratio(rv, "> " if lb else ""),
                              labels.get(scen, scen),
                              "" if right else ", its answer wrong")
    rr = [x for x in rl if x[3]]
    if not right and rr:
        rv2, scen2, lb2, _ = min(rr, key=lambda x: x[0])
        text += "; %s where right (%s)" % (
            fmt_ratio(rv2, "> " if lb2 else ""), labels.get(scen2, scen2))
    return rv, text


def first_targets(rows, by, ratios, labels):
    """The targets of the first issue, on its scenarios (and "every
    scenario exact" on all of them)."""
    targets = []
    mt = [r for r in rows if r["tool"] == "mtuprobe"]
    if mt:
        bad = sorted({labels.get(r["scenario"], r["scenario"])
                      for r in mt if not r["exact"]})
        nex = sum(r["exact"] for r in mt)
        targets.append(("every scenario exact (mtuprobe)",
                        "%d/%d runs exact%s" % (nex, len(mt),
                                                "; not: " + ", ".join(bad) if bad else ""),
                        not bad))

    for scen, limit, what in (("bh-v4", 500e3, "black hole < 0.5 s at LAN RTT, IPv4"),
                              ("bh-v6", 500e3, "black hole < 0.5 s at LAN RTT, IPv6")):
        w, m = worst(by, scen)
        if w is None:
            targets.append((what, "not measured (%s not run)" % scen, None))
        else:
            targets.append((what, "worst %s (median %s)" % (fmt_time(w), fmt_time(m)),
                            w < limit and all(r["exact"] for r in by[(scen, "mtuprobe")])))
    for scen, what in (("bh50ms-v4", "black hole <= 5 RTTs + 10 ms at 50 ms RTT, IPv4"),
                       ("bh50ms-v6", "black hole <= 5 RTTs + 10 ms at 50 ms RTT, IPv6")):
        rs = by.get((scen, "mtuprobe"), [])
        rtts = [(r["wall_us"] / r["rtt_n"], r) for r in rs
                if r["wall_us"] and r["rtt_n"]]
        if not rtts:
            targets.append((what, "not measured (%s not run)" % scen, None))
        else:
            wr, wrow = max(rtts, key=lambda x: x[0])
            targets.append((what, "worst %.1f RTTs (%s at RTT %s)"
                            % (wr, fmt_time(wrow["wall_us"]), fmt_time(wrow["rtt_n"])),
                            wrow["wall_us"] <= 5 * wrow["rtt_n"] + 10e3
                            and all(r["exact"] for r in rs)))
    for tool, factor in (("ping-bisect", 4), ("scamper", 50), ("tracepath", None)):
        rl = ratios.get((tool, "first"))
        if not rl:
            if factor is not None:
                targets.append((">= %dx faster than %s" % (factor, tool),
                                "not measured (%s not run)" % tool, None))
            continue
        rv, text = ratio_text(rl, labels)
        if factor is None:
            targets.append(("(no target) speed vs tracepath", text, None))
        else:
            targets.append((">= %dx faster than %s" % (factor, tool), text, rv >= factor))
    for scen, what in (("ptb-v4", "PTB path < 50 ms at LAN RTT, IPv4"),
                       ("ptb-v6", "PTB path < 50 ms at LAN RTT, IPv6")):
        w, m = worst(by, scen)
        if w is None:
            targets.append((what, "not measured (%s not run)" % scen, None))
        else:
            own = [num(r["tool_ms"]) for r in by[(scen, "mtuprobe")]]
            own = max([x for x in own if x is not None], default=None)
            targets.append((what, "worst %s (median %s; JSON elapsed_ms <= %s)"
                            % (fmt_time(w), fmt_time(m),
                               "-" if own is None else "%.2g" % own),
                            w < 50e3 and all(r["exact"] for r in by[(scen, "mtuprobe")])))
    # Rounds are bought with probes: under 64 a host on a black hole;
    # with 10 % loss more copies are needed, shown without a target.
    for kinds, what, limit in ((BLACK_HOLE_KINDS - {"bhloss"}, "< 64 probes on a black hole", 64),
                               ({"bhloss"}, "(no target) probes, black hole + 10 % loss", None)):
        bh = [r for r in mt if kind(r["scenario"]) in kinds and r["probes_n"] is not None]
        if bh:
            wr = max(bh, key=lambda r: r["probes_n"])
            targets.append((what, "max %d (%s)" % (wr["probes_n"],
                                                  labels.get(wr["scenario"], wr["scenario"])),
                            None if limit is None else wr["probes_n"] < limit))
    return targets


def lie_targets(rows, by, ratios, labels):
    """The destinations that lie: never a wrong number, the policed host
    within the 20 s the program promises, and (no target) the speed
    ratios and the probes there."""
    targets = []
    mt = [r for r in rows if r["tool"] == "mtuprobe" and kind(r["scenario"]) in LIE_KINDS]
    if not mt:
        return targets
    wrong = [r for r in mt if r["status"] == "ok" and not r["exact"]]
    refused = [r for r in mt if r["status"] == "none"]
    text = "%d wrong of %d runs" % (len(wrong), len(mt))
    if wrong:
        text += " (%s)" % ", ".join(sorted({"%s: %s" % (labels.get(r["scenario"], r["scenario"]),
                                                        r["mtu"]) for r in wrong}))
    if refused:
        text += "; %d said they could not size (%s)" % (
            len(refused), ", ".join(sorted({labels.get(r["scenario"], r["scenario"])
                                            for r in refused})))
    targets.append(("lying hosts: no wrong number (mtuprobe)", text, not wrong))
    for scen in [s for s in ("policed-v4", "policed-v6") if (s, "mtuprobe") in by]:
        w, m = worst(by, scen)
        targets.append(("%s < 20 s" % labels.get(scen, scen),
                        "worst %s (median %s)" % (fmt_time(w), fmt_time(m)),
                        w is not None and w < POLICED_BOUND_US))
    for tool in ("ping-bisect", "scamper", "tracepath"):
        rl = ratios.get((tool, "lie"))
        if rl:
            targets.append(("(no target) speed vs %s, lying hosts" % tool,
                            ratio_text(rl, labels)[1], None))
    pr = [r for r in mt if r["probes_n"] is not None]
    if pr:
        wr = max(pr, key=lambda r: r["probes_n"])
        targets.append(("(no target) probes, lying hosts",
                        "max %d (%s)" % (wr["probes_n"], labels.get(wr["scenario"], wr["scenario"])),
                        None))
    return targets


def rows_expected(by, s):
    """The answer in a block's heading: mtuprobe's."""
    rs = by.get((s, "mtuprobe"))
    if not rs:
        rs = next((v for (scen, _), v in by.items() if scen == s), None)
    if not rs:
        return "?"
    return fmt_expected(rs[0]["expected"], rs[0].get("expected_toward") or "-")


def print_table(head, rows, indent=""):
    widths = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    line = lambda cells: indent + "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    print(line(head))
    print(indent + "  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


if __name__ == "__main__":
    sys.exit(main())
