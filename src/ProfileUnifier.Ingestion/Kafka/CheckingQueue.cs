using System.Buffers;
using Confluent.Kafka;
using ProfileUnifier.Ingestion.Pipeline;

namespace ProfileUnifier.Ingestion.Kafka;

/// <summary>Given a block's checked lines and the place of the next one to be taken (see <see cref="CheckingQueue"/>).</summary>
internal delegate void LinesAhead(ReadOnlySpan<CheckedLine> lines, int next);

/// <summary>
/// Messages consumed but not yet in the batch. They are checked (contract and normalisation, about half the work per
/// message, touching no state) in blocks on the thread pool while the consuming thread reads on, and handed back in
/// the order they were read, so the batch and the identity engine see the same order whatever the scheduling. Used by
/// the consuming thread only; bounded by the caller (<see cref="IsFull"/>). Before a message is handed back,
/// <paramref name="ahead"/> is given its block's checked lines and its place among them (<see cref="LakeIngestor.PrefetchAhead"/>).
/// </summary>
internal sealed class CheckingQueue(
    Func<ConsumeResult<byte[]?, byte[]?>, CheckedLine> check, int blockSize, int blocksAhead, LinesAhead? ahead = null)
{
    private readonly Queue<Block> _blocks = new();
    private List<ConsumeResult<byte[]?, byte[]?>> _filling = new(blockSize);

    /// <summary>Nothing consumed waits to be taken.</summary>
    public bool IsEmpty => _blocks.Count == 0 && _filling.Count == 0;

    /// <summary>Messages were added since the last block was sent (see <see cref="Send"/>).</summary>
    public bool Filling => _filling.Count > 0;

    /// <summary>As many blocks as allowed are being checked or wait to be taken: read no more until one is taken.</summary>
    public bool IsFull => _blocks.Count >= blocksAhead;

    /// <summary>The check of the oldest block (null if none): what to wait for before the next message can be taken.</summary>
    public Task? Oldest => _blocks.TryPeek(out var block) ? block.Checking : null;

    public void Add(ConsumeResult<byte[]?, byte[]?> message)
    {
        _filling.Add(message);
        if (_filling.Count == blockSize)
        {
            Send();
        }
    }

    /// <summary>Sends the block being filled to be checked (there is nothing more to read for now).</summary>
    public void Send()
    {
        if (_filling.Count == 0)
        {
            return;
        }

        var messages = _filling;
        _blocks.Enqueue(new Block(messages, Task.Run(() => CheckAll(messages))));
        _filling = new List<ConsumeResult<byte[]?, byte[]?>>(blockSize);
    }

    /// <summary>
    /// The next message in the order read, with its check; false when there is none, or its block is still being checked
    /// and <paramref name="wait"/> is false (with it, blocks until the check is done: for rebalance handlers, which
    /// have no await to give back to; the check never needs the waiting thread).
    /// </summary>
    public bool TryNext(bool wait, out ConsumeResult<byte[]?, byte[]?> message, out CheckedLine line)
    {
        if (!_blocks.TryPeek(out var block) || (!wait && !block.Checking.IsCompleted))
        {
            (message, line) = (null!, default);
            return false;
        }

        var lines = block.Checking.GetAwaiter().GetResult();
        var count = block.Messages.Count;
        ahead?.Invoke(lines.AsSpan(0, count), block.Next);
        (message, line) = (block.Messages[block.Next], lines[block.Next]);
        if (++block.Next == count)
        {
            _blocks.Dequeue();
            ArrayPool<CheckedLine>.Shared.Return(lines, clearArray: true);
        }

        return true;
    }

    /// <summary>
    /// The block's lines checked, into a pooled array (a block's 1,024 lines, ~150 KB, were an array on the large-object
    /// heap per block).
    /// </summary>
    private CheckedLine[] CheckAll(List<ConsumeResult<byte[]?, byte[]?>> messages)
    {
        var lines = ArrayPool<CheckedLine>.Shared.Rent(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            lines[i] = check(messages[i]);
        }

        return lines;
    }

    private sealed class Block(List<ConsumeResult<byte[]?, byte[]?>> messages, Task<CheckedLine[]> checking)
    {
        public List<ConsumeResult<byte[]?, byte[]?>> Messages { get; } = messages;

        public Task<CheckedLine[]> Checking { get; } = checking;

        /// <summary>The first message not taken yet.</summary>
        public int Next { get; set; }
    }
}
