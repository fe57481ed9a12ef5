using LlmGateway.Application.Chat;
using LlmGateway.Application.Common;
using LlmGateway.Application.Generate;
using LlmGateway.Application.Users;
using LlmGateway.Domain;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Filtering;
using LlmGateway.Domain.Policies;

namespace LlmGateway.UnitTests.Support;

/// <summary>Real commands and results with sensible defaults, so a test names only what it is about.</summary>
internal static class TestCommands
{
    public const string Model = "gpt-4o-mini";

    public static GenerateCommand Generate(
        string prompt = "Write a haiku about autumn",
        Role role = Role.User,
        string userId = "alice",
        string model = Model,
        int? maxTokens = null,
        CacheDirectives cache = default,
        PolicySnapshot? policy = null) =>
        Chat(ChatRequest.FromPrompt(prompt, model, maxTokens), role, userId, cache, policy);

    /// <param name="policy">The policy the edge pinned on the command; the default policy when not given.</param>
    public static GenerateCommand Chat(ChatRequest chat, Role role = Role.User, string userId = "alice", CacheDirectives cache = default, PolicySnapshot? policy = null) =>
        new(new Caller(userId, role), new RequestContext("req-1"), policy ?? TestPolicies.Default, chat, cache);

    public static ChatCompletionCommand ChatCompletion(
        ChatRequest chat,
        bool stream = false,
        Role role = Role.User,
        CacheDirectives cache = default,
        PolicySnapshot? policy = null) =>
        new(new Caller("alice", role), new RequestContext("req-3"), policy ?? TestPolicies.Default, chat, cache, stream);

    /// <summary>A chat completion of the given messages with no parameters set.</summary>
    public static ChatCompletionCommand ChatCompletion(params ChatMessage[] messages) =>
        ChatCompletion(new ChatRequest(messages, Model, null));

    public static GenerateCommand Conversation(params ChatMessage[] messages) =>
        Chat(new ChatRequest(messages, Model, null));

    /// <summary>A conversation judged by <paramref name="policy"/>.</summary>
    public static GenerateCommand Conversation(PolicySnapshot policy, params ChatMessage[] messages) =>
        Chat(new ChatRequest(messages, Model, null), policy: policy);

    public static CreateUserCommand CreateUser(
        Role callerRole = Role.Admin,
        string userId = "bob",
        string password = "correct horse battery",
        string role = Roles.User) =>
        new(new Caller("root", callerRole), new RequestContext("req-2"), userId, password, role);

    public static Completion Completion(string text = "An answer.", bool isFallback = false, string provider = "openai") =>
        new(text, provider, Model, "stop", new TokenUsage(3, 3, Estimated: false), Redactions: [], isFallback);

    public static Completion WithRedactions(this Completion completion, params Redaction[] redactions) =>
        completion with { Redactions = redactions };
}
