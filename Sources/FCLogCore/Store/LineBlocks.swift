/// Changes to the lines the store holds in blocks (see `LineBlockWriter`): a block that loses lines is
/// written again with the rest, under the id of its first line left.
enum LineBlocks {
    /// Deletes the lines (of `fclog_lines` as `l`) where `condition` holds; `prepared` binds its parameters.
    /// Returns how many went.
    static func delete(where condition: String, _ db: SQLiteDatabase,
                       _ prepared: (String) throws -> SQLiteStatement) throws -> Int {
        try db.execute("""
            DROP TABLE IF EXISTS temp.changed_blocks;
            CREATE TEMP TABLE changed_blocks(id INTEGER PRIMARY KEY);
            DROP TABLE IF EXISTS temp.kept_lines;
            """)
        try prepared("INSERT OR IGNORE INTO temp.changed_blocks SELECT l.block_id FROM fclog_lines l WHERE \(condition)").run()
        // Lines where the condition is false or NULL stay, as a DELETE … WHERE leaves them.
        try prepared("""
            CREATE TEMP TABLE kept_lines AS
            SELECT l.block_id AS block, l.id, l.input_id, l.line_no, l.time_ms, l.span_id, l.function, l.instance_id,
                   l.request_id, l.level, l.kind, l.message
            FROM temp.changed_blocks b JOIN fclog_lines l ON l.block_id = b.id
            WHERE coalesce((\(condition)), 0) = 0
            """).run()
        let before = try db.scalarInt("SELECT coalesce(sum(lines), 0) FROM fclog_line_blocks WHERE id IN (SELECT id FROM temp.changed_blocks)") ?? 0
        let kept = try db.scalarInt("SELECT count(*) FROM temp.kept_lines") ?? 0
        try db.execute("""
            DELETE FROM fclog_line_spans WHERE block_id IN (SELECT id FROM temp.changed_blocks);
            DELETE FROM fclog_line_blocks WHERE id IN (SELECT id FROM temp.changed_blocks);
            INSERT INTO fclog_line_blocks(id, last_id, input_id, lines, data)
            SELECT min(id), max(id), input_id, count(*),
                   fclog_line_block(id, line_no, time_ms, span_id, function, instance_id, request_id, level, kind, message)
            FROM temp.kept_lines GROUP BY block;
            INSERT OR IGNORE INTO fclog_line_spans(span_id, block_id)
            SELECT k.span_id, f.first FROM temp.kept_lines k
            JOIN (SELECT block, min(id) AS first FROM temp.kept_lines GROUP BY block) f ON f.block = k.block
            WHERE k.span_id IS NOT NULL;
            DROP TABLE temp.kept_lines;
            DROP TABLE temp.changed_blocks;
            """)
        return Int(before - kept)
    }
}
