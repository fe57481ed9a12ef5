namespace LlmGateway.Application.Ports;

/// <summary>The models the configured providers serve, for <c>GET /v1/models</c>.</summary>
public interface IModelCatalog
{
    IReadOnlyList<CatalogModel> Models { get; }
}

/// <param name="Id">The name a client asks for.</param>
/// <param name="OwnedBy">The provider that serves it.</param>
public sealed record CatalogModel(string Id, string OwnedBy);
