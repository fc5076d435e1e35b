"""``python -m benchmarks`` (``make bench``): run every benchmark and print a table of timings and ratios."""

from benchmarks import foundation

if __name__ == "__main__":
    foundation.main()
