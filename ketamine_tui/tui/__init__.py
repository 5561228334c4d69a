"""The Textual explorer: a topic tree, a search box, a cited answer pane and an article reader."""
