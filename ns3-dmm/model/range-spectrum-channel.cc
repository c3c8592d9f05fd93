/*
 * SPDX-License-Identifier: GPL-2.0-only
 */

#include "range-spectrum-channel.h"

#include "ns3/abort.h"
#include "ns3/angles.h"
#include "ns3/antenna-model.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/mobility-model.h"
#include "ns3/net-device.h"
#include "ns3/node.h"
#include "ns3/propagation-delay-model.h"
#include "ns3/propagation-loss-model.h"
#include "ns3/simulator.h"
#include "ns3/spectrum-phy.h"
#include "ns3/spectrum-propagation-loss-model.h"
#include "ns3/spectrum-signal-parameters.h"
#include "ns3/spectrum-transmit-filter.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace ns3
{
namespace dmm
{

NS_LOG_COMPONENT_DEFINE("RangeSpectrumChannel");

NS_OBJECT_ENSURE_REGISTERED(RangeSpectrumChannel);

TypeId
RangeSpectrumChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::dmm::RangeSpectrumChannel")
            .SetParent<SpectrumChannel>()
            .SetGroupName("Dmm")
            .AddConstructor<RangeSpectrumChannel>()
            .AddAttribute("MaxRange",
                          "Receivers farther than this from the transmitter (m) do not get the "
                          "signal; set it where the propagation loss reaches MaxLossDb.",
                          DoubleValue(std::numeric_limits<double>::infinity()),
                          MakeDoubleAccessor(&RangeSpectrumChannel::m_maxRange),
                          MakeDoubleChecker<double>(0.0, std::numeric_limits<double>::infinity()));
    return tid;
}

RangeSpectrumChannel::RangeSpectrumChannel()
    : m_maxRange(std::numeric_limits<double>::infinity())
{
    NS_LOG_FUNCTION(this);
}

void
RangeSpectrumChannel::DoDispose()
{
    m_groups.clear();
    m_converters.clear();
    SpectrumChannel::DoDispose();
}

void
RangeSpectrumChannel::RemoveRx(Ptr<SpectrumPhy> phy)
{
    NS_LOG_FUNCTION(this << phy);
    for (auto& [uid, group] : m_groups)
    {
        auto it = std::find_if(group.receivers.begin(),
                               group.receivers.end(),
                               [&phy](const Receiver& r) { return r.phy == phy; });
        if (it != group.receivers.end())
        {
            group.receivers.erase(it);
            --m_nDevices;
            return;
        }
    }
}

void
RangeSpectrumChannel::AddRx(Ptr<SpectrumPhy> phy)
{
    NS_LOG_FUNCTION(this << phy);
    Ptr<const SpectrumModel> model = phy->GetRxSpectrumModel();
    NS_ABORT_MSG_UNLESS(model, "RangeSpectrumChannel::AddRx: the PHY has no receive model yet");
    RemoveRx(phy);
    Group& group = m_groups[model->GetUid()];
    group.model = model;
    group.receivers.push_back({phy, nullptr});
    ++m_nDevices;
}

std::size_t
RangeSpectrumChannel::GetNDevices() const
{
    return m_nDevices;
}

Ptr<NetDevice>
RangeSpectrumChannel::GetDevice(std::size_t i) const
{
    for (const auto& [uid, group] : m_groups)
    {
        if (i < group.receivers.size())
        {
            return group.receivers[i].phy->GetDevice();
        }
        i -= group.receivers.size();
    }
    NS_ABORT_MSG("RangeSpectrumChannel::GetDevice: no device " << i);
    return nullptr;
}

uint64_t
RangeSpectrumChannel::GetOutOfRange() const
{
    return m_outOfRange;
}

uint64_t
RangeSpectrumChannel::GetScheduled() const
{
    return m_scheduled;
}

Ptr<MobilityModel>
RangeSpectrumChannel::MobilityOf(Receiver& receiver)
{
    if (!receiver.mobility)
    {
        receiver.mobility = receiver.phy->GetMobility();
    }
    return receiver.mobility;
}

const SpectrumConverter*
RangeSpectrumChannel::Converter(Ptr<const SpectrumModel> from, Ptr<const SpectrumModel> to)
{
    const auto key = std::make_pair(from->GetUid(), to->GetUid());
    auto known = m_converters.find(key);
    if (known == m_converters.end())
    {
        std::optional<SpectrumConverter> converter;
        if (!from->IsOrthogonal(*to))
        {
            converter.emplace(from, to);
        }
        known = m_converters.emplace(key, std::move(converter)).first;
    }
    return known->second ? &*known->second : nullptr;
}

void
RangeSpectrumChannel::StartTx(Ptr<SpectrumSignalParameters> txParams)
{
    NS_LOG_FUNCTION(this << txParams);
    NS_ASSERT(txParams->txPhy && txParams->psd);
    NS_ABORT_MSG_IF(m_phasedArraySpectrumPropagationLoss,
                    "RangeSpectrumChannel: phased-array spectrum propagation loss models are "
                    "not supported");
    if (!m_txSigParamsTrace.IsEmpty())
    {
        m_txSigParamsTrace(txParams->Copy());
    }

    Ptr<MobilityModel> txMobility = txParams->txPhy->GetMobility();
    const bool ranged = txMobility && std::isfinite(m_maxRange);
    const Vector txPosition = ranged ? txMobility->GetPosition() : Vector();
    // The margin covers what a node moves between transmission and reception (where the
    // exact loss is evaluated) and rounding in MaxRange.
    const double reach = m_maxRange * (1.0 + 1e-9) + 1.0;
    const double reach2 = reach * reach;
    Ptr<const SpectrumModel> txModel = txParams->psd->GetSpectrumModel();
    Ptr<NetDevice> txDevice = txParams->txPhy->GetDevice();
    const uint32_t txNode = txDevice ? txDevice->GetNode()->GetId() : 0;

    for (auto& [rxUid, group] : m_groups)
    {
        Ptr<SpectrumValue> psd = txParams->psd;
        if (rxUid != txModel->GetUid())
        {
            const SpectrumConverter* converter = Converter(txModel, group.model);
            if (converter == nullptr)
            {
                continue; // orthogonal: nothing of the signal reaches this model
            }
            psd = converter->Convert(txParams->psd);
        }
        for (auto& receiver : group.receivers)
        {
            if (receiver.phy == txParams->txPhy)
            {
                continue;
            }
            Ptr<MobilityModel> rxMobility = MobilityOf(receiver);
            if (ranged && rxMobility)
            {
                const Vector d = rxMobility->GetPosition() - txPosition;
                if (d.x * d.x + d.y * d.y + d.z * d.z > reach2)
                {
                    ++m_outOfRange;
                    continue;
                }
            }
            Ptr<NetDevice> rxDevice = receiver.phy->GetDevice();
            const uint32_t rxNode = rxDevice ? rxDevice->GetNode()->GetId() : 0;
            if (rxDevice && txDevice && rxNode == txNode)
            {
                continue; // antennas of one node: no path loss model covers them
            }
            if (m_filter && m_filter->Filter(txParams, receiver.phy))
            {
                continue;
            }
            Ptr<SpectrumSignalParameters> rxParams = txParams->Copy();
            rxParams->psd = Copy<SpectrumValue>(psd);
            Time delay;
            double txAntennaGain = 0.0;
            if (txMobility && rxMobility)
            {
                if (rxParams->txAntenna)
                {
                    txAntennaGain = rxParams->txAntenna->GetGainDb(
                        Angles(rxMobility->GetPosition(), txMobility->GetPosition()));
                }
                if (m_propagationDelay)
                {
                    delay = m_propagationDelay->GetDelay(txMobility, rxMobility);
                }
            }
            ++m_scheduled;
            // In the receiver's node's context (the current one for a PHY without a device).
            Simulator::ScheduleWithContext(rxDevice ? rxNode : Simulator::GetContext(),
                                           delay,
                                           &RangeSpectrumChannel::StartRx,
                                           this,
                                           txParams->psd,
                                           txAntennaGain,
                                           rxParams,
                                           receiver.phy);
        }
    }
}

void
RangeSpectrumChannel::StartRx(Ptr<SpectrumValue> txPsd,
                              double txAntennaGain,
                              Ptr<SpectrumSignalParameters> params,
                              Ptr<SpectrumPhy> receiver)
{
    NS_LOG_FUNCTION(this);
    Ptr<const SpectrumModel> rxModel = receiver->GetRxSpectrumModel();
    if (params->psd->GetSpectrumModelUid() != rxModel->GetUid())
    {
        // The receiver changed its spectrum model since the transmission started.
        const SpectrumConverter* converter =
            txPsd->GetSpectrumModelUid() == rxModel->GetUid()
                ? nullptr
                : Converter(txPsd->GetSpectrumModel(), rxModel);
        params->psd = converter ? converter->Convert(txPsd) : Copy<SpectrumValue>(txPsd);
    }
    Ptr<MobilityModel> txMobility = params->txPhy->GetMobility();
    Ptr<MobilityModel> rxMobility = receiver->GetMobility();
    if (txMobility && rxMobility)
    {
        double pathLossDb = -txAntennaGain;
        double rxAntennaGain = 0.0;
        double propagationGainDb = 0.0;
        if (Ptr<AntennaModel> antenna = DynamicCast<AntennaModel>(receiver->GetAntenna()))
        {
            rxAntennaGain =
                antenna->GetGainDb(Angles(txMobility->GetPosition(), rxMobility->GetPosition()));
            pathLossDb -= rxAntennaGain;
        }
        if (m_propagationLoss && txMobility->GetPosition() != rxMobility->GetPosition())
        {
            propagationGainDb = m_propagationLoss->CalcRxPower(0, txMobility, rxMobility);
            pathLossDb -= propagationGainDb;
        }
        m_gainTrace(txMobility,
                    rxMobility,
                    txAntennaGain,
                    rxAntennaGain,
                    propagationGainDb,
                    pathLossDb);
        m_pathLossTrace(params->txPhy, receiver, pathLossDb);
        if (pathLossDb > m_maxLossDb)
        {
            return;
        }
        *(params->psd) *= std::pow(10.0, -pathLossDb / 10.0);
        if (m_spectrumPropagationLoss)
        {
            params->psd = m_spectrumPropagationLoss->CalcRxPowerSpectralDensity(params,
                                                                               txMobility,
                                                                               rxMobility);
        }
    }
    receiver->StartRx(params);
}

} // namespace dmm
} // namespace ns3
