using System.Globalization;
using Xunit.Abstractions;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// One line per fault for the fault table (docs/faults.md): the fault, what a client saw meanwhile, and the time from
/// the end of the fault until the first request that got the normal behaviour again. Printed with
/// <c>--logger "console;verbosity=detailed"</c>; grep for "recovery |".
/// </summary>
public static class RecoveryReport
{
    public static void Recovered(this ITestOutputHelper output, string fault, string behaviour, TimeSpan recovery) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"recovery | {fault} | {behaviour} | {recovery.TotalMilliseconds:0} ms"));
}
