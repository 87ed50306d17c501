"""The bilingual concordance: sentences, their alignment, KWIC lines, equivalents and trends."""
