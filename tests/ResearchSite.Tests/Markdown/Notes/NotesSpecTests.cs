namespace ResearchSite.Tests.Markdown.Notes;

/// <summary>Markdown in, HTML structure out, for both note conventions.</summary>
public class NotesSpecTests
{
    private const string Legacy = """
        ## مقدمة

        نص أول.[1] ونص ثان [2] ثم عودة إلى الأول[1].

        المصادر:
        [1] مصدر أول، متاح على الرابط التالي: https://example.org/a
        [2] “مصدر ثان”، مرجع سابق.
        """;

    [Fact]
    public void Legacy_markers_become_hover_references_and_the_sources_section_becomes_the_notes_list()
    {
        var (article, html, diagnostics) = Render.Body(Legacy);
        Assert.Empty(diagnostics);
        var refs = html.QuerySelectorAll("sup.note-ref > a[role=doc-noteref]");
        Assert.Equal(["#note_1", "#note_2", "#note_1"], refs.Select(a => a.GetAttribute("href")));
        Assert.Equal(["ref_1_a", "ref_2_a", "ref_1_b"], refs.Select(a => a.Id));
        Assert.All(refs, a => Assert.NotNull(html.GetElementById(a.GetAttribute("aria-describedby")!)));
        var notes = html.QuerySelector("section.notes")!;
        Assert.Equal("الهوامش", notes.QuerySelector("h2")!.TextContent);
        Assert.Equal(2, notes.QuerySelectorAll("ol > li").Length);
        Assert.DoesNotContain("المصادر", html.Body!.TextContent);
        Assert.Equal(["#ref_1_a", "#ref_1_b"], html.GetElementById("note_1")!.QuerySelectorAll("a.note-backref").Select(a => a.GetAttribute("href")));
        var link = html.GetElementById("note_1_body")!.QuerySelector("a")!;
        Assert.Equal("https://example.org/a", link.GetAttribute("href"));
        Assert.Contains("noopener", link.GetAttribute("rel"));
        Assert.Equal(2, article.Notes.Count);
    }

    [Fact]
    public void Markdown_footnotes_with_several_paragraphs_lists_and_named_labels_render_the_same_way()
    {
        var (_, html, diagnostics) = Render.Body("""
            Text[^smith2024] and more[^b], again[^smith2024].

            - in a list[^b]

            | a | b |
            |---|---|
            | cell[^c] | x |

            [^smith2024]: Smith, *Title*, <https://example.org>.

                Second paragraph.

                - item one

            [^b]: Short.
            [^c]: In a table.
            """, "en");
        Assert.Empty(diagnostics);
        Assert.Equal(["1", "2", "1", "2", "3"], html.QuerySelectorAll("a[role=doc-noteref]").Select(a => a.TextContent.Replace("Note ", string.Empty)));
        var first = html.GetElementById("note_1_body")!;
        Assert.Equal(2, first.QuerySelectorAll("p").Length);
        Assert.NotNull(first.QuerySelector("ul > li"));
        Assert.NotNull(first.QuerySelector("em"));
        Assert.Equal("Notes", html.QuerySelector("section.notes h2")!.TextContent);
        Assert.NotNull(html.QuerySelector("td sup.note-ref"));
        Assert.Equal(["↩ a", "↩ b"], html.GetElementById("note_2")!.QuerySelectorAll("a.note-backref").Select(a => a.TextContent));
    }

    [Fact]
    public void Markers_in_code_and_in_link_text_are_not_references()
    {
        var (_, html, diagnostics) = Render.Body("Use `a[1]` and [see [1]](https://example.org) here[1].\n\nSources\n\n[1] A source.\n", "en");
        Assert.Empty(diagnostics);
        Assert.Single(html.QuerySelectorAll("a[role=doc-noteref]"));
        Assert.Equal("a[1]", html.QuerySelector("code")!.TextContent);
    }

    [Fact]
    public void A_marker_with_no_note_is_an_error_with_file_and_line()
    {
        var (_, _, diagnostics) = Render.Body("فقرة.\n\nنص[3].\n\nالمصادر:\n[1] أ\n[2] ب\n");
        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal(("a.md", 12), (error.File, error.Line));
        Assert.Contains("[3] has no note", error.Message);
    }

    [Fact]
    public void A_markdown_note_defined_twice_is_an_error()
    {
        var (_, _, diagnostics) = Render.Body("Text[^a].\n\n[^a]: One.\n\n[^a]: Two.\n", "en");
        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Contains("defined twice", error.Message);
        Assert.Equal(14, error.Line);
    }

    [Fact]
    public void A_numbered_source_list_with_a_gap_is_an_error_on_the_entry()
    {
        var (_, _, diagnostics) = Render.Body("نص[1] و[3].\n\nالمصادر:\n[1] أ\n[3] ج\n");
        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Contains("gap or is out of order", error.Message);
        Assert.Equal(14, error.Line);
    }

    [Fact]
    public void A_note_never_cited_is_a_warning()
    {
        var (_, html, diagnostics) = Render.Body("Text[^a].\n\n[^a]: One.\n[^b]: Two.\n", "en");
        var warning = Assert.Single(diagnostics);
        Assert.False(warning.IsError);
        Assert.Contains("[^b] is never cited", warning.Message);
        Assert.Single(html.QuerySelectorAll("section.notes li"));
    }

    [Fact]
    public void The_section_title_may_be_a_heading_in_either_language()
    {
        foreach (var title in new[] { "## References", "### المراجع", "**Notes:**", "الهوامش" })
        {
            var (_, html, diagnostics) = Render.Body($"Text[1].\n\n{title}\n\n[1] A.\n", "en");
            Assert.Empty(diagnostics);
            Assert.Single(html.QuerySelectorAll("section.notes li"));
        }
    }

    [Fact]
    public void A_note_cited_inside_another_note_gets_a_working_marker_numbered_after_the_texts_notes()
    {
        var (article, html, diagnostics) = Render.Body("""
            Text[^a] and more[^c].

            [^a]: See also[^b], and again[^b].
            [^b]: The inner note.
            [^c]: Another.
            """, "en");
        Assert.Empty(diagnostics);
        Assert.Equal(3, article.Notes.Count);
        var inner = html.GetElementById("note_1_body")!.QuerySelectorAll("a[role=doc-noteref]");
        Assert.Equal(["#note_3", "#note_3"], inner.Select(a => a.GetAttribute("href")));
        Assert.All(inner, a => Assert.NotNull(html.GetElementById(a.GetAttribute("aria-describedby")!)));
        Assert.Equal("The inner note.", html.GetElementById("note_3_body")!.TextContent.Trim());
        var back = html.GetElementById("note_3")!.QuerySelectorAll("a.note-backref").Select(a => a.GetAttribute("href")!.TrimStart('#')).ToList();
        Assert.Equal(["ref_3_a", "ref_3_b"], back);
        Assert.All(back, id => Assert.Same(html.GetElementById("note_1_body"), html.GetElementById(id)!.Closest(".note-body")));
    }

    [Fact]
    public void A_source_citing_another_source_links_to_it_and_a_missing_one_is_an_error_at_its_line()
    {
        var (_, html, diagnostics) = Render.Body("نص[1].\n\nالمصادر:\n[1] المرجع نفسه[2].\n[2] مصدر ثان، انظر [7].\n");
        Assert.Equal("#note_2", html.GetElementById("note_1_body")!.QuerySelector("a[role=doc-noteref]")!.GetAttribute("href"));
        var error = Assert.Single(diagnostics, d => d.IsError);
        Assert.Equal((14, 20), (error.Line, error.Column));
        Assert.Contains("[7] has no note", error.Message);
    }
}

