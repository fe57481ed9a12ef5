#!/usr/bin/env python3
"""Where a gateway's CPU goes, from `perf script` output of a .NET process run with DOTNET_PerfMapEnabled=1.

Each sample is charged to the first category (in the order below) that matches its innermost frame, then the next
frame out, and so on; a sample none matches is "kernel" or "runtime" by its innermost frame. The categories are
grouped into what the bare pass-through also does (HTTP in and out), the gateway's own checks, and the framework
layers between them. Usage: categories.py PERF_SCRIPT_TXT CPU_MICROSECONDS_PER_REQUEST
"""
import collections
import re
import sys

CATEGORIES = [  # (name, group, frame pattern); first match from the innermost frame outwards wins
    ("JIT", "runtime", r"libclrjit"),
    ("prompt inspection", "checks", r"Domain\.Inspection|PromptInspection"),
    ("output filter", "checks", r"Domain\.Filtering|OutputFilter|OutputGuard"),
    ("policy", "checks", r"PolicyBehavior|Domain\.Polic"),
    ("validation", "checks", r"FluentValidation|ValidationBehavior"),
    ("cache", "checks", r"ResponseCacheKey|RedisResponseCache|CachingBehavior|CachePrefetch"),
    ("rate limit", "checks", r"RedisRateLimiter|RateLimitingBehavior"),
    ("Redis client", "checks", r"StackExchange\.Redis|RESPite|RedisScript"),
    ("Polly", "framework", r"Polly|Http\.Resilience"),
    ("OpenAI SDK", "framework", r"\[OpenAI\]|OpenAI\.dll|System\.ClientModel"),
    ("HttpClient", "HTTP", r"System\.Net\.Http"),
    ("JWT + authentication", "framework", r"JwtBearer|IdentityModel|CachingTokenHandler|Authentication|Authorization"),
    ("telemetry", "framework", r"OpenTelemetry|System\.Diagnostics\.Metrics|DiagnosticSource|Activity"),
    ("logging", "framework", r"Serilog|Microsoft\.Extensions\.Logging"),
    ("JSON", "framework", r"System\.Text\.Json"),
    ("endpoint + middleware", "framework", r"LlmGateway\.Api|Microsoft\.AspNetCore\.Http|Routing"),
    ("Mediator + application", "framework", r"Mediator|LlmGateway\.Application|LlmGateway\.Infrastructure|LlmGateway\.Domain"),
    ("Kestrel", "HTTP", r"Kestrel|System\.IO\.Pipelines"),
    ("sockets", "HTTP", r"System\.Net\.Sockets|libSystem\.Native"),
]
GROUPS = {
    "HTTP": "HTTP in and out, as the pass-through does (Kestrel, sockets, HttpClient, kernel)",
    "checks": "the gateway's checks (inspection, output filter, cache, rate limit, validation, policy, Redis client)",
    "framework": "framework layers the pass-through has not (JWT auth, endpoint, JSON, OpenAI SDK, Polly, telemetry, Mediator, logging)",
    "runtime": "runtime (JIT, GC, type checks, thread pool: the rest)",
}
COMPILED = [(name, group, re.compile(pattern)) for name, group, pattern in CATEGORIES]


def classify(stack):
    for frame in stack:
        for name, group, pattern in COMPILED:
            if pattern.search(frame):
                return name, group
    return ("kernel", "HTTP") if "kernel" in stack[0] else ("runtime (other)", "runtime")


def main():
    path, cpu_us = sys.argv[1], float(sys.argv[2])
    by_name, by_group, total, stack = collections.Counter(), collections.Counter(), 0, []

    def flush():
        nonlocal total
        if stack:
            name, group = classify(stack)
            by_name[(group, name)] += 1
            by_group[group] += 1
            total += 1

    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            if not line.strip():
                flush()
                stack.clear()
            elif line[0] in "\t ":
                stack.append(line.strip())
    flush()
    if total == 0:
        sys.exit("no samples")
    print(f"{total} samples; {cpu_us:.0f} µs of gateway CPU per request\n")
    print("| group | share | µs/request | parts |")
    print("|---|---:|---:|---|")
    for group, label in GROUPS.items():
        parts = ", ".join(f"{name} {100 * n / total:.1f}%" for (g, name), n in by_name.most_common() if g == group)
        print(f"| {label} | {100 * by_group[group] / total:.1f}% | {cpu_us * by_group[group] / total:.0f} | {parts} |")


if __name__ == "__main__":
    main()
