using System.ComponentModel.DataAnnotations;

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
}
