using DiffusionBot.Diffusion.Text;

namespace DiffusionBot.Diffusion.Tests.Text;

public sealed class BpeCacheTests
{
    [Fact]
    public void TryGet_FindsEntry_WhenLookedUpBySpan()
    {
        var cache = new BpeCache(capacity: 4);
        cache.Add("cat", [2368]);

        Assert.True(cache.TryGet("a cat".AsSpan(2), out var ids));
        Assert.Equal([2368], ids);
    }

    [Fact]
    public void Add_EmptiesCache_WhenCapacityIsExceeded()
    {
        var cache = new BpeCache(capacity: 2);
        cache.Add("a", [1]);
        cache.Add("b", [2]);

        cache.Add("c", [3]);

        Assert.Equal(1, cache.Count);
        Assert.False(cache.TryGet("a", out _));
        Assert.True(cache.TryGet("c", out _));
    }
}
