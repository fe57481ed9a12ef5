using LlmGateway.Application;
using LlmGateway.Application.Guardrails;
using LlmGateway.Application.Ports;
using LlmGateway.Domain.Policies;
using Microsoft.Extensions.Options;

namespace LlmGateway.Api.Http;

/// <summary>
/// What the routes that send a prompt to a model need besides the mediator (<c>/generate</c> and the <c>/v1</c> model
/// routes): one singleton, so the controllers created for each request take it whole instead of passing five services
/// down their constructors.
/// </summary>
public sealed class ModelRouteServices(IPolicyStore policies, IOptions<GatewayOptions> options, UserConcurrencyLimiter concurrency, GuardrailRunner guards, TimeProvider time)
{
    /// <summary>The model a body that names none is sent to.</summary>
    public string DefaultModel { get; } = options.Value.DefaultModel;

    public UserConcurrencyLimiter Concurrency { get; } = concurrency;

    public TimeProvider Time { get; } = time;

    /// <summary>The policy that judges the caller's team: the global one with the team's overlay, compiled when either changed.</summary>
    public PolicySnapshot PolicyFor(string teamId) => policies.ForTeam(teamId);

    /// <summary>An enforcing policy that reads input text (inspection, blocked terms, prompt plugins): a token array would slip past it.</summary>
    public bool ChecksInputText(PolicySnapshot policy) =>
        policy.Enforces && (policy.Inspector.Enabled || !policy.BlockedTerms.IsEmpty || guards.HasPromptGuardsFor(policy));
}
