using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;
using LlmGateway.Domain;
using Mediator;

namespace LlmGateway.Application.ApiKeys;

/// <summary>Every key, revoked ones included, newest first.</summary>
public sealed record ListApiKeysCommand(Caller Caller, RequestContext Context) : ICommand<Result<ApiKeyList>>, IAuthorizedRequest
{
    public static Role RequiredRole => Role.Admin;
}

public sealed record ApiKeyList(IReadOnlyList<ApiKeyRecord> Keys);
