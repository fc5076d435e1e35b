"""Peak memory of this process, as the kernel counts it."""

import resource


def peak_rss_mib() -> float:
    """Peak resident set of this process in MiB: ``VmHWM`` from ``/proc/self/status``.

    ``ru_maxrss`` is not used where a child's own peak matters: Linux carries it over from the parent
    across fork and exec, so a child started by a large process reports the parent's peak.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
