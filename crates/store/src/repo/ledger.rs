//! Storage of the global log (LOG-1): leaves and complete-subtree node hashes. Appending writes
//! the leaves and every node they complete in the caller's transaction, so a leaf is integrated
//! into the tree exactly when it is durable; proofs read only the O(log² n) nodes they need.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sanxiang_ledger::hash::{Hash, HashAlg};
use sanxiang_ledger::stored::{self, NodeId, NodeReader, StoredError};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::StoreError;
use crate::entity::{ledger_checkpoint, ledger_leaf, ledger_meta, ledger_node, ledger_timestamp};

const META_HASH_ALG: &str = "hash_alg";

/// The number of leaves in the log.
pub async fn size(db: &impl ConnectionTrait) -> Result<u64, StoreError> {
    let last = ledger_leaf::Entity::find()
        .select_only()
        .column(ledger_leaf::Column::Idx)
        .order_by_desc(ledger_leaf::Column::Idx)
        .limit(1)
        .into_tuple::<i64>()
        .one(db)
        .await?;
    Ok(last.map(|i| u64::try_from(i).unwrap_or(0) + 1).unwrap_or(0))
}

/// The log's hash algorithm, fixed by the first append (later appends must use the same).
pub async fn hash_alg(db: &impl ConnectionTrait) -> Result<Option<HashAlg>, StoreError> {
    let m = ledger_meta::Entity::find_by_id(META_HASH_ALG.to_owned())
        .one(db)
        .await?;
    m.map(|m| {
        m.value
            .parse::<HashAlg>()
            .map_err(|e| StoreError::Corrupt(e.to_string()))
    })
    .transpose()
}

fn hash_of(bytes: &[u8]) -> Result<Hash, StoreError> {
    Hash::from_slice(bytes).map_err(|e| StoreError::Corrupt(format!("stored hash: {e}")))
}

fn level(id: NodeId) -> i16 {
    i16::from(id.level)
}

fn index(i: u64) -> Result<i64, StoreError> {
    i64::try_from(i).map_err(|_| StoreError::Corrupt("log index beyond i64".into()))
}

/// Loads the given nodes in one query.
async fn load_nodes(
    db: &impl ConnectionTrait,
    ids: &[NodeId],
) -> Result<HashMap<NodeId, Hash>, StoreError> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(200) {
        let mut any = Condition::any();
        for id in chunk {
            any = any.add(
                Condition::all()
                    .add(ledger_node::Column::Level.eq(level(*id)))
                    .add(ledger_node::Column::Idx.eq(index(id.index)?)),
            );
        }
        for n in ledger_node::Entity::find().filter(any).all(db).await? {
            let id = NodeId::new(
                u8::try_from(n.level).map_err(|_| StoreError::Corrupt("node level".into()))?,
                u64::try_from(n.idx).map_err(|_| StoreError::Corrupt("node index".into()))?,
            );
            out.insert(id, hash_of(&n.hash)?);
        }
    }
    Ok(out)
}

/// Appends encoded entries at the end of the log, with every node hash they complete, in the
/// caller's transaction. Returns the index of the first appended entry. The caller serialises
/// appends (one sequencer); a concurrent appender elsewhere fails on the leaf's primary key.
pub async fn append(
    db: &impl ConnectionTrait,
    alg: HashAlg,
    entries: &[Vec<u8>],
    now: DateTime<Utc>,
) -> Result<u64, StoreError> {
    match hash_alg(db).await? {
        Some(a) if a != alg => {
            return Err(StoreError::Corrupt(format!(
                "the log uses {a}; it cannot continue with {alg}"
            )));
        }
        Some(_) => {}
        None => {
            ledger_meta::Entity::insert(ledger_meta::ActiveModel {
                name: Set(META_HASH_ALG.to_owned()),
                value: Set(alg.name().to_owned()),
            })
            .exec(db)
            .await?;
        }
    }
    let first = size(db).await?;
    // The left siblings that lie wholly before this batch come from the database (one query
    // per 200 ids); those inside the batch are computed as it goes.
    let mut before: Vec<NodeId> = (first..first + entries.len() as u64)
        .flat_map(stored::append_sibling_nodes)
        .filter(|id| id.leaf_range().is_some_and(|(_, end)| end <= first))
        .collect();
    before.sort_unstable();
    before.dedup();
    let mut nodes = load_nodes(db, &before).await?;
    let mut leaves = Vec::with_capacity(entries.len());
    let mut new_nodes = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let idx = first + i as u64;
        let leaf = sanxiang_ledger::hash::leaf_hash(alg, entry);
        let added = stored::hashes_added_by_append(alg, &mut nodes, idx, leaf)
            .map_err(|e| StoreError::Corrupt(format!("integrating leaf {idx}: {e}")))?;
        for (id, h) in added {
            nodes.insert(id, h);
            new_nodes.push(ledger_node::ActiveModel {
                level: Set(level(id)),
                idx: Set(index(id.index)?),
                hash: Set(h.as_bytes().to_vec()),
            });
        }
        leaves.push(ledger_leaf::ActiveModel {
            idx: Set(index(idx)?),
            entry: Set(entry.clone()),
            leaf_hash: Set(leaf.as_bytes().to_vec()),
            appended_at: Set(now),
        });
    }
    for chunk in leaves.chunks(500) {
        ledger_leaf::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    for chunk in new_nodes.chunks(1000) {
        ledger_node::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await?;
    }
    Ok(first)
}

/// One stored leaf: its entry bytes and leaf hash.
pub async fn leaf(db: &impl ConnectionTrait, idx: u64) -> Result<ledger_leaf::Model, StoreError> {
    ledger_leaf::Entity::find_by_id(index(idx)?)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
}

struct Loaded(HashMap<NodeId, Hash>);

impl NodeReader for Loaded {
    fn node(&mut self, id: NodeId) -> Result<Hash, StoredError> {
        self.0.get(&id).copied().ok_or(StoredError::MissingNode(id))
    }
}

fn stored_err(e: StoredError) -> StoreError {
    StoreError::Corrupt(format!("ledger: {e}"))
}

/// The root of the tree of the first `size` leaves.
pub async fn root(db: &impl ConnectionTrait, alg: HashAlg, size: u64) -> Result<Hash, StoreError> {
    if size == 0 {
        return Ok(sanxiang_ledger::hash::empty_root(alg));
    }
    let ids = stored::subtree_nodes(0, size);
    let mut r = Loaded(load_nodes(db, &ids).await?);
    stored::subtree_hash(alg, &mut r, 0, size).map_err(stored_err)
}

/// The inclusion proof of leaf `index` in the tree of `size` leaves.
pub async fn inclusion_proof(
    db: &impl ConnectionTrait,
    alg: HashAlg,
    index: u64,
    size: u64,
) -> Result<Vec<Hash>, StoredError> {
    let ids = stored::inclusion_nodes(index, size);
    let loaded = load_nodes(db, &ids)
        .await
        .map_err(|e| StoredError::Backend(e.to_string()))?;
    stored::inclusion_proof(alg, &mut Loaded(loaded), index, size)
}

/// What an inclusion proof is served with: the leaf hash, the proof and the root of `size`,
/// read together in one query (the leaf hash is the level-0 node).
pub async fn inclusion_bundle(
    db: &impl ConnectionTrait,
    alg: HashAlg,
    index: u64,
    size: u64,
) -> Result<(Hash, Vec<Hash>, Hash), StoredError> {
    let backend = |e: StoreError| StoredError::Backend(e.to_string());
    let mut ids = stored::inclusion_nodes(index, size);
    ids.extend(stored::subtree_nodes(0, size));
    ids.push(NodeId::leaf(index));
    ids.sort_unstable();
    ids.dedup();
    let mut loaded = Loaded(load_nodes(db, &ids).await.map_err(backend)?);
    let leaf = loaded.node(NodeId::leaf(index))?;
    let proof = stored::inclusion_proof(alg, &mut loaded, index, size)?;
    let root = stored::subtree_hash(alg, &mut loaded, 0, size)?;
    Ok((leaf, proof, root))
}

/// The consistency proof from the tree of `old` leaves to the tree of `new` leaves.
pub async fn consistency_proof(
    db: &impl ConnectionTrait,
    alg: HashAlg,
    old: u64,
    new: u64,
) -> Result<Vec<Hash>, StoredError> {
    let ids = stored::consistency_nodes(old, new);
    let loaded = load_nodes(db, &ids)
        .await
        .map_err(|e| StoredError::Backend(e.to_string()))?;
    stored::consistency_proof(alg, &mut Loaded(loaded), old, new)
}

/// The latest signed checkpoint.
pub async fn latest_checkpoint(
    db: &impl ConnectionTrait,
) -> Result<Option<ledger_checkpoint::Model>, StoreError> {
    Ok(ledger_checkpoint::Entity::find()
        .order_by_desc(ledger_checkpoint::Column::Size)
        .one(db)
        .await?)
}

/// Up to `limit` stored checkpoints with sizes above `after`, smallest first.
pub async fn checkpoints_after(
    db: &impl ConnectionTrait,
    after: u64,
    limit: u64,
) -> Result<Vec<ledger_checkpoint::Model>, StoreError> {
    Ok(ledger_checkpoint::Entity::find()
        .filter(ledger_checkpoint::Column::Size.gt(index(after)?))
        .order_by_asc(ledger_checkpoint::Column::Size)
        .limit(limit)
        .all(db)
        .await?)
}

/// Stores a signed checkpoint. LOG-2: checkpoints never go backwards — a size not larger than
/// the latest one is refused.
/// LOG-4: stores the timestamp token of a stored checkpoint.
pub async fn insert_timestamp(
    db: &impl ConnectionTrait,
    checkpoint_size: u64,
    token: Vec<u8>,
    gen_time: DateTime<Utc>,
    tsa: String,
) -> Result<(), StoreError> {
    ledger_timestamp::Entity::insert(ledger_timestamp::ActiveModel {
        checkpoint_size: Set(index(checkpoint_size)?),
        token: Set(token),
        gen_time: Set(gen_time),
        tsa: Set(tsa),
    })
    .exec(db)
    .await?;
    Ok(())
}

/// LOG-4: the timestamp token of the checkpoint of `size`, if it was stamped.
pub async fn timestamp(
    db: &impl ConnectionTrait,
    size: u64,
) -> Result<Option<ledger_timestamp::Model>, StoreError> {
    Ok(ledger_timestamp::Entity::find_by_id(index(size)?)
        .one(db)
        .await?)
}

/// The signed checkpoint of exactly `size` entries, if one was made.
pub async fn checkpoint(
    db: &impl ConnectionTrait,
    size: u64,
) -> Result<Option<ledger_checkpoint::Model>, StoreError> {
    Ok(ledger_checkpoint::Entity::find_by_id(index(size)?)
        .one(db)
        .await?)
}

pub async fn insert_checkpoint(
    db: &impl ConnectionTrait,
    size: u64,
    root: &Hash,
    note: String,
    now: DateTime<Utc>,
) -> Result<ledger_checkpoint::Model, StoreError> {
    if let Some(last) = latest_checkpoint(db).await?
        && last.size >= index(size)?
    {
        return Err(StoreError::Corrupt(format!(
            "checkpoint for size {size} would not advance the latest ({})",
            last.size
        )));
    }
    let m = ledger_checkpoint::Model {
        size: index(size)?,
        root: root.as_bytes().to_vec(),
        note,
        created_at: now,
    };
    ledger_checkpoint::Entity::insert(ledger_checkpoint::ActiveModel {
        size: Set(m.size),
        root: Set(m.root.clone()),
        note: Set(m.note.clone()),
        created_at: Set(now),
    })
    .exec(db)
    .await?;
    Ok(m)
}

/// Loads the stored nodes covering the index range of `nodes` at each of their levels (one
/// range query per level; the nodes a chunk of leaves completes are contiguous per level).
async fn load_node_ranges(
    db: &impl ConnectionTrait,
    nodes: &[(NodeId, Hash)],
) -> Result<HashMap<NodeId, Hash>, StoreError> {
    let mut ranges: std::collections::BTreeMap<u8, (u64, u64)> = std::collections::BTreeMap::new();
    for (id, _) in nodes {
        let r = ranges.entry(id.level).or_insert((id.index, id.index));
        r.0 = r.0.min(id.index);
        r.1 = r.1.max(id.index);
    }
    let mut out = HashMap::with_capacity(nodes.len());
    for (level, (lo, hi)) in ranges {
        for n in ledger_node::Entity::find()
            .filter(ledger_node::Column::Level.eq(i16::from(level)))
            .filter(ledger_node::Column::Idx.gte(index(lo)?))
            .filter(ledger_node::Column::Idx.lte(index(hi)?))
            .all(db)
            .await?
        {
            let idx = u64::try_from(n.idx).map_err(|_| StoreError::Corrupt("node index".into()))?;
            out.insert(NodeId::new(level, idx), hash_of(&n.hash)?);
        }
    }
    Ok(out)
}

/// What `fsck` found.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FsckReport {
    pub leaves: u64,
    pub nodes: u64,
    /// The first inconsistency, in log order; `None` when everything was re-derived equal.
    pub first_problem: Option<String>,
}

/// The most recent complete node per level: exactly the left siblings a later append reads.
struct Frontier([Option<(u64, Hash)>; 64]);

impl NodeReader for Frontier {
    fn node(&mut self, id: NodeId) -> Result<Hash, StoredError> {
        match self.0.get(usize::from(id.level)).copied().flatten() {
            Some((idx, h)) if idx == id.index => Ok(h),
            _ => Err(StoredError::MissingNode(id)),
        }
    }
}

/// LOG-1: re-derives every leaf hash from its entry and every node hash from the leaves, and
/// compares them with what is stored, in log order. Also checks for missing leaves (gaps) and
/// for stored nodes that should not exist.
pub async fn fsck(db: &impl ConnectionTrait, alg: HashAlg) -> Result<FsckReport, StoreError> {
    const CHUNK: u64 = 10_000;
    let size = size(db).await?;
    let mut frontier = Frontier([None; 64]);
    let mut nodes_checked = 0u64;
    let mut next = 0u64;
    // Every signed checkpoint's root must be the root re-derived at its size; a checkpoint
    // beyond the log's end means entries were cut off.
    let mut checkpoints: std::collections::VecDeque<(u64, Vec<u8>)> =
        ledger_checkpoint::Entity::find()
            .order_by_asc(ledger_checkpoint::Column::Size)
            .all(db)
            .await?
            .into_iter()
            .map(|c| (u64::try_from(c.size).unwrap_or(u64::MAX), c.root))
            .collect();
    let problem = |p: String, leaves: u64, nodes: u64| FsckReport {
        leaves,
        nodes,
        first_problem: Some(p),
    };
    while next < size {
        let hi = (next + CHUNK).min(size);
        let rows = ledger_leaf::Entity::find()
            .filter(ledger_leaf::Column::Idx.gte(index(next)?))
            .filter(ledger_leaf::Column::Idx.lt(index(hi)?))
            .order_by_asc(ledger_leaf::Column::Idx)
            .all(db)
            .await?;
        let mut computed: Vec<(NodeId, Hash)> = Vec::new();
        for row in rows {
            let idx = u64::try_from(row.idx).unwrap_or(u64::MAX);
            if idx != next {
                return Ok(problem(
                    format!("leaf {next} is missing"),
                    next,
                    nodes_checked,
                ));
            }
            let leaf = sanxiang_ledger::hash::leaf_hash(alg, &row.entry);
            if row.leaf_hash != leaf.as_bytes() {
                return Ok(problem(
                    format!("leaf {idx}: the stored leaf hash does not match its entry"),
                    idx,
                    nodes_checked,
                ));
            }
            let added = stored::hashes_added_by_append(alg, &mut frontier, idx, leaf)
                .map_err(|e| StoreError::Corrupt(format!("fsck at leaf {idx}: {e}")))?;
            for (id, h) in added {
                if let Some(slot) = frontier.0.get_mut(usize::from(id.level)) {
                    *slot = Some((id.index, h));
                }
                computed.push((id, h));
            }
            next += 1;
            while checkpoints.front().is_some_and(|c| c.0 <= next) {
                let Some((size, root)) = checkpoints.pop_front() else {
                    break;
                };
                let derived = stored::subtree_hash(alg, &mut frontier, 0, size).ok();
                if size != next || derived.is_none_or(|d| d.as_bytes() != root.as_slice()) {
                    return Ok(problem(
                        format!(
                            "checkpoint {size}: its signed root differs from the root re-derived from the leaves"
                        ),
                        next,
                        nodes_checked,
                    ));
                }
            }
        }
        if next < hi {
            return Ok(problem(
                format!("leaf {next} is missing"),
                next,
                nodes_checked,
            ));
        }
        let stored_nodes = load_node_ranges(db, &computed).await?;
        for (id, h) in computed {
            match stored_nodes.get(&id) {
                None => {
                    return Ok(problem(
                        format!("node {id} is missing"),
                        next,
                        nodes_checked,
                    ));
                }
                Some(s) if *s != h => {
                    return Ok(problem(
                        format!(
                            "node {id}: stored hash differs from the one re-derived from the leaves"
                        ),
                        next,
                        nodes_checked,
                    ));
                }
                Some(_) => nodes_checked += 1,
            }
        }
    }
    if let Some((size, _)) = checkpoints.front() {
        return Ok(problem(
            format!(
                "checkpoint {size} covers more entries than the log holds ({next}): entries were removed"
            ),
            next,
            nodes_checked,
        ));
    }
    let stored_count = ledger_node::Entity::find().count(db).await?;
    if stored_count != nodes_checked {
        return Ok(problem(
            format!("{} stored nodes, {nodes_checked} expected", stored_count),
            size,
            nodes_checked,
        ));
    }
    Ok(FsckReport {
        leaves: size,
        nodes: nodes_checked,
        first_problem: None,
    })
}

/// The stored hashes of nodes at `level` with indexes in `[lo, lo + count)`, in order; fewer
/// when the tree does not have them yet.
pub async fn node_row(
    db: &impl ConnectionTrait,
    level: u8,
    lo: u64,
    count: u64,
) -> Result<Vec<Hash>, StoreError> {
    let rows = ledger_node::Entity::find()
        .filter(ledger_node::Column::Level.eq(i16::from(level)))
        .filter(ledger_node::Column::Idx.gte(index(lo)?))
        .filter(ledger_node::Column::Idx.lt(index(lo.saturating_add(count))?))
        .order_by_asc(ledger_node::Column::Idx)
        .all(db)
        .await?;
    rows.iter().map(|n| hash_of(&n.hash)).collect()
}

/// The stored entries with indexes in `[lo, lo + count)`, in order; fewer when the log is shorter.
pub async fn entry_range(
    db: &impl ConnectionTrait,
    lo: u64,
    count: u64,
) -> Result<Vec<Vec<u8>>, StoreError> {
    Ok(ledger_leaf::Entity::find()
        .filter(ledger_leaf::Column::Idx.gte(index(lo)?))
        .filter(ledger_leaf::Column::Idx.lt(index(lo.saturating_add(count))?))
        .order_by_asc(ledger_leaf::Column::Idx)
        .all(db)
        .await?
        .into_iter()
        .map(|l| l.entry)
        .collect())
}
