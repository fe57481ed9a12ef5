using System.Buffers;
using System.Text;
using System.Text.Json;
using LlmGateway.Application.Common;
using LlmGateway.Application.Ports;

namespace LlmGateway.Api.Http;

/// <summary>
/// Writes one streamed Response as OpenAI's Responses events (<c>event: type</c>, <c>data: {...}</c>), from the filtered
/// chat stream: <c>response.created</c> and <c>response.in_progress</c>; for the output message
/// <c>response.output_item.added</c>, <c>response.content_part.added</c>, <c>response.output_text.delta</c> (or
/// <c>response.refusal.delta</c>)… <c>.done</c>, <c>response.content_part.done</c>, <c>response.output_item.done</c>; for
/// each function call <c>response.output_item.added</c>, <c>response.function_call_arguments.delta</c>… <c>.done</c>,
/// <c>response.output_item.done</c>; then <c>response.completed</c> (or <c>response.incomplete</c>) with the whole Response.
/// A failure after the start is an <c>error</c> event and <c>response.failed</c>.
/// </summary>
internal sealed class ResponsesEventWriter : AnswerEvents
{
    private readonly ResponseObjects _objects;
    private readonly string _model;
    private int _sequence;
    private int _nextOutput;

    private int _messageOutput = -1;
    private readonly List<ResponseContentPart> _parts = new(2);
    private string? _partKind;
    private readonly StringBuilder _partText = new();

    private int _callOutput = -1;
    private int _callIndex = -1;
    private string _callItemId = string.Empty;
    private string _callId = string.Empty;
    private string _callName = string.Empty;
    private readonly StringBuilder _arguments = new();

    public ResponsesEventWriter(HttpResponse response, ResponseObjects objects, string model)
        : base(response)
    {
        _objects = objects;
        _model = model;
    }

    /// <summary>Released text of the answer: a delta of the message's output_text part.</summary>
    public override void WriteText(string delta) => WritePartDelta("output_text", delta);

    public override void WritePart(ChoiceDelta part)
    {
        if (part.Choice != 0)
        {
            // The Responses API has no n: the translated request asks for one choice.
            return;
        }

        switch (part.Kind)
        {
            case DeltaKind.Content:
                WritePartDelta("output_text", part.Text);
                break;
            case DeltaKind.Refusal:
                WritePartDelta("refusal", part.Text);
                break;
            case DeltaKind.ToolCall:
                WriteArguments(part);
                break;
        }
    }

    /// <summary><c>response.created</c> and <c>response.in_progress</c>.</summary>
    protected override void WriteOpening()
    {
        var inProgress = _objects.InProgress(_model);
        WithResponse("response.created"u8, inProgress);
        WithResponse("response.in_progress"u8, inProgress);
    }

    /// <summary>A stored answer as the events a stream would have brought: its text, refusal and tool calls each in one piece; not sent yet.</summary>
    public override void WriteWhole(Completion completion)
    {
        if (completion.Choices is not { Count: > 0 } choices)
        {
            WriteText(completion.Text);
            return;
        }

        var choice = choices[0];
        WriteText(choice.Content ?? string.Empty);
        if (choice.Refusal is { } refusal)
        {
            WritePart(new ChoiceDelta(0, DeltaKind.Refusal, refusal));
        }

        for (var call = 0; call < (choice.ToolCalls?.Count ?? 0); call++)
        {
            var toolCall = choice.ToolCalls![call];
            WritePart(new ChoiceDelta(0, DeltaKind.ToolCall, toolCall.Arguments, call, toolCall.Id, toolCall.Name));
        }
    }

    /// <summary>Closes what is open and ends with <c>response.completed</c> (or <c>response.incomplete</c>) and the whole Response; not sent yet.</summary>
    public override void WriteEnd(Completion completion)
    {
        var final = _objects.Of(completion);
        CloseMessage();
        CloseCall();
        WithResponse(final.Status == "incomplete" ? "response.incomplete"u8 : "response.completed"u8, final);
    }

    /// <summary>The <c>error</c> event and <c>response.failed</c> that end a broken stream; not sent yet.</summary>
    public override void WriteError(GatewayFailure failure)
    {
        Begin("error"u8);
        Json.WriteString("code"u8, GatewayHttp.Code(failure.Code));
        Json.WriteString("message"u8, failure.Detail);
        Json.WriteNull("param"u8);
        End();
        WithResponse("response.failed"u8, _objects.Failed(_model, failure));
    }

    private void WritePartDelta(string kind, string delta)
    {
        if (delta.Length == 0)
        {
            return;
        }

        OpenMessage();
        if (_partKind != kind)
        {
            ClosePart();
            _partKind = kind;
            Begin("response.content_part.added"u8);
            WritePartPosition();
            Json.WritePropertyName("part"u8);
            JsonSerializer.Serialize(Json, kind == "refusal" ? new ResponseContentPart("refusal", Refusal: string.Empty) : ResponseObjects.OutputText(string.Empty), ApiJsonContext.Default.ResponseContentPart);
            End();
        }

        _partText.Append(delta);
        Begin(kind == "refusal" ? "response.refusal.delta"u8 : "response.output_text.delta"u8);
        WritePartPosition();
        Json.WriteString("delta"u8, delta);
        End();
    }

    private void OpenMessage()
    {
        if (_messageOutput >= 0)
        {
            return;
        }

        CloseCall();
        _messageOutput = _nextOutput++;
        WithItem("response.output_item.added"u8, _messageOutput, _objects.Message("in_progress", []));
    }

    private void ClosePart()
    {
        if (_partKind is null)
        {
            return;
        }

        var text = _partText.ToString();
        var refusal = _partKind == "refusal";
        Begin(refusal ? "response.refusal.done"u8 : "response.output_text.done"u8);
        WritePartPosition();
        Json.WriteString(refusal ? "refusal"u8 : "text"u8, text);
        End();

        var part = refusal ? new ResponseContentPart("refusal", Refusal: text) : ResponseObjects.OutputText(text);
        Begin("response.content_part.done"u8);
        WritePartPosition();
        Json.WritePropertyName("part"u8);
        JsonSerializer.Serialize(Json, part, ApiJsonContext.Default.ResponseContentPart);
        End();
        _parts.Add(part);
        _partKind = null;
        _partText.Clear();
    }

    private void CloseMessage()
    {
        if (_messageOutput < 0)
        {
            return;
        }

        ClosePart();
        WithItem("response.output_item.done"u8, _messageOutput, _objects.Message("completed", [.. _parts]));
        _messageOutput = -1;
    }

    /// <summary>A piece of a function call's arguments; the first piece of a call (its id and name) opens its item.</summary>
    private void WriteArguments(ChoiceDelta part)
    {
        if (part.ToolCall != _callIndex)
        {
            CloseMessage();
            CloseCall();
            _callIndex = part.ToolCall;
            _callItemId = _objects.CallItemId(_callIndex);
            _callId = part.ToolCallId ?? string.Empty;
            _callName = part.ToolName ?? string.Empty;
            _callOutput = _nextOutput++;
            WithItem("response.output_item.added"u8, _callOutput, _objects.FunctionCall(_callIndex, _callId, _callName, string.Empty, "in_progress"));
        }

        if (part.Text.Length == 0)
        {
            return;
        }

        _arguments.Append(part.Text);
        Begin("response.function_call_arguments.delta"u8);
        Json.WriteString("item_id"u8, _callItemId);
        Json.WriteNumber("output_index"u8, _callOutput);
        Json.WriteString("delta"u8, part.Text);
        End();
    }

    private void CloseCall()
    {
        if (_callOutput < 0)
        {
            return;
        }

        var arguments = _arguments.ToString();
        Begin("response.function_call_arguments.done"u8);
        Json.WriteString("item_id"u8, _callItemId);
        Json.WriteNumber("output_index"u8, _callOutput);
        Json.WriteString("name"u8, _callName);
        Json.WriteString("arguments"u8, arguments);
        End();
        WithItem("response.output_item.done"u8, _callOutput, _objects.FunctionCall(_callIndex, _callId, _callName, arguments, "completed"));
        _callOutput = -1;
        _arguments.Clear();
    }

    private void WritePartPosition()
    {
        Json.WriteString("item_id"u8, _objects.MessageId);
        Json.WriteNumber("output_index"u8, _messageOutput);
        Json.WriteNumber("content_index"u8, _parts.Count);
    }

    private void WithItem(ReadOnlySpan<byte> type, int outputIndex, ResponseOutputItem item)
    {
        Begin(type);
        Json.WriteNumber("output_index"u8, outputIndex);
        Json.WritePropertyName("item"u8);
        JsonSerializer.Serialize(Json, item, ApiJsonContext.Default.ResponseOutputItem);
        End();
    }

    private void WithResponse(ReadOnlySpan<byte> type, ResponseObject response)
    {
        Begin(type);
        Json.WritePropertyName("response"u8);
        JsonSerializer.Serialize(Json, response, ApiJsonContext.Default.ResponseObject);
        End();
    }

    /// <summary><c>event: type</c>, then the data object opened with its type and sequence number.</summary>
    private void Begin(ReadOnlySpan<byte> type)
    {
        var writer = Response.BodyWriter;
        writer.Write("event: "u8);
        writer.Write(type);
        writer.Write("\ndata: "u8);
        Json.Reset(writer);
        Json.WriteStartObject();
        Json.WriteString("type"u8, type);
        Json.WriteNumber("sequence_number"u8, _sequence++);
    }

    private void End()
    {
        Json.WriteEndObject();
        Json.Flush();
        Response.BodyWriter.Write("\n\n"u8);
    }
}
