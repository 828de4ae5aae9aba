using HybridSearch.Chunking;

namespace HybridSearch.Core.Tests.Chunking;

public sealed class ChunkingSettingTests
{
    [Fact]
    public void Passages_are_recorded_with_every_setting_that_shapes_them()
    {
        var options = new ChunkingOptions { Overlap = 16, SentenceAware = false, SentenceSearchFraction = 0.5 };

        Assert.Equal("passages:254:16:False:0.5", ChunkingSetting.Format(options, 254));
        Assert.Equal("passages:254:32:True:0.25", ChunkingSetting.Format(new ChunkingOptions(), 254));
    }

    [Fact]
    public void Truncation_is_recorded_as_truncate_whatever_the_window_settings()
    {
        Assert.Equal("truncate", ChunkingSetting.Format(new ChunkingOptions { Mode = ChunkingMode.Truncate, Overlap = 5 }, 100));
    }

    [Fact]
    public void The_signature_in_the_content_hash_is_the_recorded_setting()
    {
        var options = new ChunkingOptions { Overlap = 8 };

        Assert.Equal(ChunkingSetting.Format(options, 510), options.Signature(510));
    }

    [Theory]
    [InlineData("passages:254:32", "passages:254:32:True:0.25", true)]
    [InlineData("passages:254:32:True:0.25", "passages:254:32", true)]
    [InlineData("passages:254:32", "passages:254:32:False:0.25", false)]
    [InlineData("passages:254:32", "passages:254:16:True:0.25", false)]
    [InlineData("passages:254:32:True:0.25", "passages:254:32:True:0.25", true)]
    [InlineData("truncate", "truncate", true)]
    [InlineData("truncate", "passages:254:32:True:0.25", false)]
    public void The_short_form_older_indexes_recorded_matches_its_full_equivalent(string recorded, string current, bool matches)
    {
        Assert.Equal(matches, ChunkingSetting.Matches(recorded, current));
    }

    [Theory]
    [InlineData("truncate", ChunkingMode.Truncate)]
    [InlineData("passages:254:32", ChunkingMode.Passages)]
    [InlineData("passages:254:32:True:0.25", ChunkingMode.Passages)]
    [InlineData("windows", null)]
    [InlineData(null, null)]
    public void The_mode_is_read_back_from_either_form(string? setting, ChunkingMode? mode)
    {
        Assert.Equal(mode, ChunkingSetting.ModeOf(setting));
    }
}
