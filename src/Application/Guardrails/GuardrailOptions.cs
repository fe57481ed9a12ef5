using System.ComponentModel.DataAnnotations;
using System.Text;

namespace LlmGateway.Application.Guardrails;

/// <summary>The <c>Guardrails</c> section: which plugin assemblies to load and how long each call may take.</summary>
public sealed class GuardrailOptions
{
    public const string SectionName = "Guardrails";

    /// <summary>Plugin assembly paths (<c>Guardrails:Plugins:0</c>, ...), absolute or relative to the content root; run in this order.</summary>
    public IList<string> Plugins { get; } = [];

    [Range(1, 60_000, ErrorMessage = "Guardrails:PluginTimeoutMs must be between 1 and 60000.")]
    public int PluginTimeoutMs { get; set; } = 200;
}

/// <summary>The guards loaded at start-up, in configured order. Empty when no plugin is configured.</summary>
public sealed class GuardrailSet(IReadOnlyList<IPromptGuard> promptGuards, IReadOnlyList<IOutputGuard> outputGuards)
{
    public static GuardrailSet Empty { get; } = new([], []);

    public IReadOnlyList<IPromptGuard> PromptGuards { get; } = promptGuards;

    public IReadOnlyList<IOutputGuard> OutputGuards { get; } = outputGuards;

    /// <summary>
    /// Identifies what the output guards would do to an answer, for the response cache's key: 0 without output guards,
    /// else a digest of each guard's class, the build of its assembly and its <see cref="IOutputGuard.ConfigurationDigest"/>,
    /// in order. Answers are stored after the output guards ran, so one stored under another set (a plugin added,
    /// rebuilt or reconfigured since) is never served.
    /// </summary>
    public long OutputGuardsId { get; } = Identify(outputGuards);

    private static long Identify(IReadOnlyList<IOutputGuard> guards)
    {
        if (guards.Count == 0)
        {
            return 0;
        }

        var identity = new StringBuilder();
        foreach (var guard in guards)
        {
            var type = guard.GetType();
            var settings = guard.ConfigurationDigest ?? string.Empty; // a plugin built without nullable checks may say null
            identity.Append(type.AssemblyQualifiedName).Append('\n')
                .Append(type.Module.ModuleVersionId.ToString("N")).Append('\n')
                .Append(settings.Length).Append(':').Append(settings).Append('\n');
        }

        return (long)TextDigest.Of(identity.ToString()).A | 1; // never 0, the value of "no output guard"
    }
}
