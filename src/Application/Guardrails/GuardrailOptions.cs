using System.Collections.Frozen;
using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using System.Text;
using LlmGateway.Domain.Policies;

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
public sealed class GuardrailSet
{
    /// <summary>Each output guard's part of <see cref="OutputGuardsId"/>, read once (a guard's code runs at start-up, not per request).</summary>
    private readonly string[] _outputIdentities;

    /// <summary>The output guards' identity under a policy that switches some plugins off, made once per policy snapshot.</summary>
    private readonly ConditionalWeakTable<PolicySnapshot, StrongBox<long>> _outputGuardsIds = [];

    public GuardrailSet(IReadOnlyList<IPromptGuard> promptGuards, IReadOnlyList<IOutputGuard> outputGuards)
    {
        PromptGuards = promptGuards;
        OutputGuards = outputGuards;
        // Names are read once, here: after loading, a plugin's code runs only inside the runner's time-boxed, fault-catching call.
        PromptNames = new string[promptGuards.Count];
        for (var i = 0; i < PromptNames.Length; i++)
        {
            PromptNames[i] = promptGuards[i].Name;
        }

        OutputNames = new string[outputGuards.Count];
        _outputIdentities = new string[outputGuards.Count];
        for (var i = 0; i < OutputNames.Length; i++)
        {
            OutputNames[i] = outputGuards[i].Name;
            _outputIdentities[i] = Identity(outputGuards[i]);
        }

        Names = FrozenSet.Create(StringComparer.Ordinal, [.. PromptNames, .. OutputNames]);
        OutputGuardsId = Identify(FrozenSet<string>.Empty);
    }

    public static GuardrailSet Empty { get; } = new([], []);

    public IReadOnlyList<IPromptGuard> PromptGuards { get; }

    public IReadOnlyList<IOutputGuard> OutputGuards { get; }

    /// <summary>Each of <see cref="PromptGuards"/>' names, in the same order.</summary>
    internal string[] PromptNames { get; }

    /// <summary>Each of <see cref="OutputGuards"/>' names, in the same order.</summary>
    internal string[] OutputNames { get; }

    /// <summary>The plugins' names (<see cref="IPromptGuard.Name"/>, <see cref="IOutputGuard.Name"/>): what a policy's <c>plugins</c> section names.</summary>
    public FrozenSet<string> Names { get; }

    /// <summary>
    /// Identifies what the output guards would do to an answer, for the response cache's key: 0 without output guards,
    /// else a digest of each guard's class, the build of its assembly and its <see cref="IOutputGuard.ConfigurationDigest"/>,
    /// in order. Answers are stored after the output guards ran, so one stored under another set (a plugin added,
    /// rebuilt or reconfigured since) is never served.
    /// </summary>
    public long OutputGuardsId { get; }

    /// <summary><see cref="OutputGuardsId"/> of the output guards that run under <paramref name="policy"/> (its <c>plugins</c> may switch some off).</summary>
    public long OutputGuardsIdFor(PolicySnapshot policy)
    {
        if (policy.DisabledPlugins.Count == 0)
        {
            return OutputGuardsId;
        }

        return _outputGuardsIds.TryGetValue(policy, out var id) ? id.Value : Add(policy);

        long Add(PolicySnapshot policy) => _outputGuardsIds.GetValue(policy, p => new StrongBox<long>(Identify(p.DisabledPlugins))).Value;
    }

    private static string Identity(IOutputGuard guard)
    {
        var type = guard.GetType();
        var settings = guard.ConfigurationDigest ?? string.Empty; // a plugin built without nullable checks may say null
        return $"{type.AssemblyQualifiedName}\n{type.Module.ModuleVersionId:N}\n{settings.Length}:{settings}\n";
    }

    private long Identify(FrozenSet<string> disabled)
    {
        var identity = new StringBuilder();
        for (var i = 0; i < _outputIdentities.Length; i++)
        {
            if (!disabled.Contains(OutputNames[i]))
            {
                identity.Append(_outputIdentities[i]);
            }
        }

        // 0 is the value of "no output guard runs"; a set that runs one is never 0.
        return identity.Length == 0 ? 0 : (long)TextDigest.Of(identity.ToString()).A | 1;
    }
}
