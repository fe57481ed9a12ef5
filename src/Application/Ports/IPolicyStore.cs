using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Ports;

/// <summary>Holds the live policy as a compiled, immutable snapshot.</summary>
public interface IPolicyStore
{
    /// <summary>The live snapshot. Reading it never blocks and never touches the network.</summary>
    PolicySnapshot Current { get; }

    /// <summary>
    /// The live snapshot for a caller of <paramref name="teamId"/>: the global policy with the team's overlay merged in,
    /// compiled when either changed; <see cref="Current"/> for a team without an overlay. Never blocks, never merges.
    /// </summary>
    PolicySnapshot ForTeam(string teamId);
}
