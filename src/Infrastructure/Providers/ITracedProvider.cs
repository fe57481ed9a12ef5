using LlmGateway.Domain.Chat;

namespace LlmGateway.Infrastructure.Providers;

/// <summary>What the provider chain's attempt spans and metrics say about a member (OpenTelemetry GenAI conventions).</summary>
internal interface ITracedProvider
{
    /// <summary><c>gen_ai.provider.name</c>: <c>openai</c>, <c>azure.ai.openai</c>, the configured name, or <c>local</c>.</summary>
    string GenAiProviderName { get; }

    /// <summary>The model this member is configured with; metrics label other models <c>_OTHER</c>.</summary>
    string ConfiguredModel { get; }

    /// <summary><c>server.address</c>, or null for the in-process provider.</summary>
    string? ServerAddress { get; }

    /// <summary>The model this member will ask for (<c>gen_ai.request.model</c>).</summary>
    string RequestModel(ChatRequest request);
}
