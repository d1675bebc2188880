-- Plugins' credits (training.credit): source 'plugin' and the external reference
-- '<plugin>:<reference>', so that the provider can be the plugin's title as people read it.
UPDATE training_records SET external_ref = provider || ':' || external_ref, source = 'plugin'
  WHERE source NOT IN ('manual', 'import');
CREATE INDEX training_records_external_ref ON training_records (external_ref);
