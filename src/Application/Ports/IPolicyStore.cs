using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Ports;

/// <summary>Holds the live policy as a compiled, immutable snapshot.</summary>
public interface IPolicyStore
{
    /// <summary>The live snapshot. Reading it never blocks and never touches the network.</summary>
    PolicySnapshot Current { get; }
}
